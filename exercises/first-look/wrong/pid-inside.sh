# Asks sleeper itself: inside its own PID namespace sleep is always PID 1.
uname -r > /root/kernel.txt
docker run -d --name sleeper busybox sleep 3600
docker exec sleeper pidof sleep > /root/sleeper-pid.txt
