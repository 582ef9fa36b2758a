# The files written with printf through the cpu,cpuacct name on v1; capped started
# without limits and given them with docker update.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir /sys/fs/cgroup/lab
  printf '%s\n' 100M > /sys/fs/cgroup/lab/memory.max
  printf '%s\n' 20 > /sys/fs/cgroup/lab/pids.max
  printf '%s\n' '50000' > /sys/fs/cgroup/lab/cpu.max
else
  cpu=/sys/fs/cgroup/cpu
  [ -d /sys/fs/cgroup/cpu,cpuacct ] && cpu=/sys/fs/cgroup/cpu,cpuacct
  mkdir /sys/fs/cgroup/memory/lab /sys/fs/cgroup/pids/lab "$cpu/lab"
  printf '%s\n' 100M > /sys/fs/cgroup/memory/lab/memory.limit_in_bytes
  printf '%s\n' 20 > /sys/fs/cgroup/pids/lab/pids.max
  printf '%s\n' 50000 > "$cpu/lab/cpu.cfs_quota_us"
fi
docker run -d --name capped docker.io/library/busybox sleep 3600
docker update --memory 64m --memory-swap 128m --pids-limit 50 capped
