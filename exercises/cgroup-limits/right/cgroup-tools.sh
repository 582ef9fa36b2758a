# cgroup-tools (cgcreate, cgset) instead of mkdir and echo, the limits in bytes,
# half a CPU as 100000 of a 200000 µs period; capped with -m in bytes.
cgcreate -g memory,pids,cpu:lab
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  cgset -r memory.max=104857600 -r pids.max=20 -r cpu.max='100000 200000' lab
else
  cgset -r memory.limit_in_bytes=104857600 lab
  cgset -r pids.max=20 lab
  cgset -r cpu.cfs_period_us=200000 lab
  cgset -r cpu.cfs_quota_us=100000 lab
fi
docker run -d --name capped -m 67108864 --pids-limit=50 busybox:latest sleep 3600
