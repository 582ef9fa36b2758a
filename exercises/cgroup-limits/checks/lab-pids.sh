if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  dir=/sys/fs/cgroup/lab
else
  dir=/sys/fs/cgroup/pids/lab
fi
if [ ! -d "$dir" ]; then
  say "There is no cgroup $dir yet." "아직 $dir cgroup이 없습니다."
  exit 1
fi
got=$(cat "$dir/pids.max" 2>/dev/null)
if [ "$got" != 20 ]; then
  say "$dir/pids.max says ${got:-nothing}, not 20." "$dir/pids.max 값이 20이 아니라 ${got:-없음}입니다."
  exit 1
fi
