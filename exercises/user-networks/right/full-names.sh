# --net= and --publish= spellings, nginx by its full name, client by image id.
docker network create appnet
docker run -d --name=api --net=appnet --publish=8081:80/tcp docker.io/library/nginx:latest
docker pull busybox
docker run -d --name=client --net=appnet "$(docker image inspect -f '{{.Id}}' busybox)" sleep 3600
for _ in $(seq 50); do curl -fs localhost:8081 >/dev/null && break; sleep 0.2; done
for _ in $(seq 50); do docker exec client wget -qO- http://api/ >/dev/null 2>&1 && break; sleep 0.2; done
