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
docker run -d --name capped --memory 64m busybox sleep 3600
