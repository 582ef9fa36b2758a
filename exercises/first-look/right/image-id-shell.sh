# The image by its id, the command through sh -c, and the PID read from docker top.
uname -a | cut -d' ' -f3 > /root/kernel.txt
docker pull busybox
docker run -d --name sleeper "$(docker image inspect --format '{{.Id}}' busybox)" sh -c 'sleep 3600'
docker top sleeper -o pid,args | awk '$2 == "sleep" { print $1 }' > /root/sleeper-pid.txt
