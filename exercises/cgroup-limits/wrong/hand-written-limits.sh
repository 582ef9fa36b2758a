# Starts capped without limits and writes them into its cgroup files by hand:
# the kernel has them, Docker does not (docker inspect shows none).
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir -p /sys/fs/cgroup/lab
  echo 100M > /sys/fs/cgroup/lab/memory.max
  echo 20 > /sys/fs/cgroup/lab/pids.max
  echo '50000 100000' > /sys/fs/cgroup/lab/cpu.max
else
  mkdir -p /sys/fs/cgroup/memory/lab /sys/fs/cgroup/pids/lab /sys/fs/cgroup/cpu/lab
  echo 100M > /sys/fs/cgroup/memory/lab/memory.limit_in_bytes
  echo 20 > /sys/fs/cgroup/pids/lab/pids.max
  echo 50000 > /sys/fs/cgroup/cpu/lab/cpu.cfs_quota_us
fi
docker run -d --name capped busybox sleep 3600
pid=$(docker inspect --format '{{.State.Pid}}' capped)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  dir=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/$pid/cgroup)
  echo 64M > "$dir/memory.max"; echo 50 > "$dir/pids.max"
else
  echo 64M > /sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' /proc/$pid/cgroup)/memory.limit_in_bytes
  echo 50 > /sys/fs/cgroup/pids$(awk -F: '$2 == "pids" {print $3}' /proc/$pid/cgroup)/pids.max
fi
