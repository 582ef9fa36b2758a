uname -r > /root/kernel.txt
docker run -d --name sleeper busybox
docker inspect --format '{{.State.Pid}}' sleeper > /root/sleeper-pid.txt
