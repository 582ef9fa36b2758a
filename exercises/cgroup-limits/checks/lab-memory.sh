if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  dir=/sys/fs/cgroup/lab file=memory.max
else
  dir=/sys/fs/cgroup/memory/lab file=memory.limit_in_bytes
fi
if [ ! -d "$dir" ]; then
  say "There is no cgroup $dir yet." "아직 $dir cgroup이 없습니다."
  exit 1
fi
got=$(cat "$dir/$file" 2>/dev/null)
if [ "$got" != 104857600 ]; then
  say "$dir/$file says $got; 100M is 104857600 bytes. Write 100M into it." "$dir/$file 값이 $got입니다. 100M는 104857600바이트이니 이 파일에 100M를 쓰세요."
  exit 1
fi
