# The kernel release from /proc, the image by its full name, the command split
# between --entrypoint and an argument, and the PID from pgrep.
cat /proc/sys/kernel/osrelease > /root/kernel.txt
docker run -d --name sleeper --entrypoint sleep docker.io/library/busybox:latest 3600
pgrep -xf 'sleep 3600' > /root/sleeper-pid.txt
