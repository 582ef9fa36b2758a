if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  dir=/sys/fs/cgroup/lab
  [ -d "$dir" ] && read -r quota period < "$dir/cpu.max" 2>/dev/null
else
  dir=/sys/fs/cgroup/cpu/lab
  [ -d "$dir" ] && quota=$(cat "$dir/cpu.cfs_quota_us") && period=$(cat "$dir/cpu.cfs_period_us")
fi
if [ ! -d "$dir" ]; then
  say "There is no cgroup $dir yet." "아직 $dir cgroup이 없습니다."
  exit 1
fi
case "$quota" in
  '' | max | -1)
    say "lab has no CPU quota yet: it may use every CPU." "lab에 아직 CPU 쿼터가 없어서 CPU를 제한 없이 쓸 수 있습니다."
    exit 1 ;;
esac
if [ -z "$period" ] || [ $((quota * 2)) -ne "$period" ]; then
  say "lab's quota is $quota µs per $period µs, which is not half a CPU. Make the quota half the period (50000 of 100000)." "lab의 쿼터가 ${period}µs마다 ${quota}µs라서 CPU 절반이 아닙니다. 쿼터를 주기의 절반(100000 중 50000)으로 하세요."
  exit 1
fi
