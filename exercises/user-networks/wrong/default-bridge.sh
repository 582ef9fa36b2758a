docker network create appnet
docker run -d --name api --network appnet -p 8081:80 nginx
docker run -d --name client busybox sleep 3600
for _ in $(seq 50); do curl -fs localhost:8081 >/dev/null && break; sleep 0.2; done
