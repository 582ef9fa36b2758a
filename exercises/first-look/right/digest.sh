# The image by its digest (busybox@sha256:…), and the PID written without a newline.
printf '%s' "$(uname -r)" > /root/kernel.txt
docker pull busybox
docker run -d --name sleeper "$(docker image inspect --format '{{index .RepoDigests 0}}' busybox)" sleep 3600
printf '%s' "$(docker inspect -f '{{.State.Pid}}' sleeper)" > /root/sleeper-pid.txt
