uname -r > /root/kernel.txt
docker run -d --name sleeper busybox sleep 3600
docker exec sleeper ps | wc -l > /root/sleeper-procs.txt
