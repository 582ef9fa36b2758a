uname -r > /root/kernel.txt
docker run -d --name sleeper busybox sleep 3600
docker inspect --format '{{.State.Pid}}' sleeper > /root/sleeper-pid.txt
