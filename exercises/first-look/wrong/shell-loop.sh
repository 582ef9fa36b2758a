# Keeps the container alive with a shell loop instead of sleep 3600.
uname -r > /root/kernel.txt
docker run -d --name sleeper busybox sh -c 'while true; do sleep 1; done'
docker inspect --format '{{.State.Pid}}' sleeper > /root/sleeper-pid.txt
