uname -r > /root/kernel.txt
docker run -d --name sleeper busybox sleep 3600
ps -e --no-headers | wc -l > /root/sleeper-procs.txt
