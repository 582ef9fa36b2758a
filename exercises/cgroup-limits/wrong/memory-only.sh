if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir -p /sys/fs/cgroup/lab
  echo 100M > /sys/fs/cgroup/lab/memory.max
else
  mkdir -p /sys/fs/cgroup/memory/lab
  echo 100M > /sys/fs/cgroup/memory/lab/memory.limit_in_bytes
fi
docker run -d --name capped --memory 64m --pids-limit 50 busybox sleep 3600
