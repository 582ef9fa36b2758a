# The repositories an image is known by, from every tag and digest it has:
# busybox, busybox:1, docker.io/library/busybox:latest and busybox@sha256:… all
# give "busybox". Compared by the image a container really runs, not by what
# was typed.
repos_of() {
  docker image inspect --format '{{range .RepoTags}}{{println .}}{{end}}{{range .RepoDigests}}{{println .}}{{end}}' "$1" 2>/dev/null |
    sed -e 's/@.*//' -e 's/:[^:/]*$//' -e 's#^docker\.io/##' -e 's#^library/##' | sort -u
}
# An image as a message shows it: short id and tags.
shown_image() {
  local tags
  tags=$(docker image inspect --format '{{join .RepoTags ", "}}' "$1" 2>/dev/null)
  printf '%s (%s)' "$(printf '%s' "${1#sha256:}" | cut -c1-12)" "${tags:-untagged}"
}
state=$(docker inspect --format '{{.State.Running}} {{.State.Pid}} {{.Image}} {{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}' capped 2>/dev/null) || {
  say "There is no container named capped yet." "아직 capped라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
running=$1 pid=$2 image=$3 memory=$4 pids=$5
if ! repos_of "$image" | grep -qx busybox; then
  say "capped runs the image $(shown_image "$image"), which is not busybox." "capped는 busybox가 아니라 $(shown_image "$image") 이미지로 실행 중입니다."
  exit 1
fi
if [ "$running" != true ]; then
  say "capped exists but is not running. busybox's default shell exits at once: remove it and run it with a command such as sleep 3600." "capped가 있지만 실행 중이 아닙니다. busybox의 기본 셸은 바로 끝나니 지우고 sleep 3600 같은 명령을 붙여 다시 실행하세요."
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
kernel_mem=$(cat "$mem_file" 2>/dev/null) kernel_pids=$(cat "$pids_file" 2>/dev/null)
if [ -n "$kernel_mem" ] && [ "$kernel_mem" != 67108864 ]; then
  say "capped's memory limit in the kernel ($mem_file) is $kernel_mem, not 64m (67108864). Limits are set by docker run: remove capped and run it again with --memory 64m." \
      "커널에 있는 capped의 메모리 제한($mem_file)이 64m(67108864)가 아니라 $kernel_mem입니다. 제한은 docker run에서 정하니 capped를 지우고 --memory 64m을 붙여 다시 실행하세요."
  exit 1
fi
if [ -n "$kernel_pids" ] && [ "$kernel_pids" != 50 ]; then
  say "capped's process limit in the kernel ($pids_file) is $kernel_pids, not 50. Remove capped and run it again with --pids-limit 50." \
      "커널에 있는 capped의 프로세스 제한($pids_file)이 50이 아니라 $kernel_pids입니다. capped를 지우고 --pids-limit 50을 붙여 다시 실행하세요."
  exit 1
fi
# And Docker's own record: a limit written into the cgroup by hand is not one Docker keeps
# (docker update, a restart or docker inspect would not know it).
if [ "$memory" != 67108864 ] || [ "$pids" != 50 ]; then
  say "The kernel has the limits, but Docker does not: docker inspect says memory $memory and pids ${pids/<nil>/unset} for capped. Set them with docker (docker run --memory 64m --pids-limit 50, or docker update), not by writing the cgroup files." \
      "커널에는 제한이 있지만 Docker는 모릅니다. docker inspect로 본 capped의 메모리는 $memory, 프로세스 제한은 ${pids/<nil>/없음}입니다. cgroup 파일에 직접 쓰지 말고 docker로(docker run --memory 64m --pids-limit 50 또는 docker update) 정하세요."
  exit 1
fi
