uname -r > /root/kernel.txt
docker run -d --name sleeper busybox
docker exec sleeper ps | tail -n +2 | wc -l > /root/sleeper-procs.txt
