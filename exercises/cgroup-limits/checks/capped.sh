state=$(docker inspect --format '{{.State.Running}} {{.State.Pid}} {{.Config.Image}} {{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}' capped 2>/dev/null) || {
  say "There is no container named capped yet." "아직 capped라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
running=$1 pid=$2 image=$3 memory=$4 pids=$5
if [ "$running" != true ]; then
  say "capped exists but is not running. busybox's default shell exits at once: remove it and run it with a command such as sleep 3600." "capped가 있지만 실행 중이 아닙니다. busybox의 기본 셸은 바로 끝나니 지우고 sleep 3600 같은 명령을 붙여 다시 실행하세요."
  exit 1
fi
case "$image" in
  busybox | busybox:*) ;;
  *) say "capped runs the image $image, not busybox." "capped는 busybox가 아니라 $image 이미지로 실행 중입니다."; exit 1 ;;
esac
if [ "$memory" != 67108864 ]; then
  say "capped's memory limit is $memory bytes, not 64m (67108864). Limits are set by docker run: remove capped and run it again with --memory 64m." "capped의 메모리 제한이 64m(67108864)가 아니라 ${memory}바이트입니다. 제한은 docker run에서 정하니 capped를 지우고 --memory 64m을 붙여 다시 실행하세요."
  exit 1
fi
if [ "$pids" != 50 ]; then
  say "capped has no process limit of 50 (it is ${pids:-unset}). Remove capped and run it again with --pids-limit 50." "capped의 프로세스 제한이 50이 아닙니다(지금은 ${pids:-없음}). capped를 지우고 --pids-limit 50을 붙여 다시 실행하세요."
  exit 1
fi
# The kernel's view: the files in the cgroup of capped's main process.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  path=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
  mem_file=/sys/fs/cgroup$path/memory.max pids_file=/sys/fs/cgroup$path/pids.max
else
  mem_file=/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' "/proc/$pid/cgroup")/memory.limit_in_bytes
  pids_file=/sys/fs/cgroup/pids$(awk -F: '$2 == "pids" {print $3}' "/proc/$pid/cgroup")/pids.max
fi
if [ -r "$mem_file" ] && [ "$(cat "$mem_file")" != 67108864 ]; then
  say "docker inspect says 64m, but $mem_file holds $(cat "$mem_file")." "docker inspect는 64m이라고 하지만 $mem_file 값은 $(cat "$mem_file")입니다."
  exit 1
fi
if [ -r "$pids_file" ] && [ "$(cat "$pids_file")" != 50 ]; then
  say "docker inspect says 50, but $pids_file holds $(cat "$pids_file")." "docker inspect는 50이라고 하지만 $pids_file 값은 $(cat "$pids_file")입니다."
  exit 1
fi
