# Both containers created on the default bridge and connected to appnet
# afterwards; the port published on 127.0.0.1 only.
docker network create --driver bridge appnet
docker run -d --name api -p 127.0.0.1:8081:80 nginx
docker network connect appnet api
docker create --name client busybox:latest sleep 3600
docker network connect appnet client
docker start client
for _ in $(seq 50); do curl -fs localhost:8081 >/dev/null && break; sleep 0.2; done
for _ in $(seq 50); do docker exec client wget -qO- http://api/ >/dev/null 2>&1 && break; sleep 0.2; done
