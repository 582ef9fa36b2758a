# Runs sleep 3600 in debian instead of busybox.
uname -r > /root/kernel.txt
docker run -d --name sleeper debian sleep 3600
docker inspect --format '{{.State.Pid}}' sleeper > /root/sleeper-pid.txt
