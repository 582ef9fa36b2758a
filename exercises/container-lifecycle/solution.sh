# 1. worker: started once, then stopped.
docker run -d --name worker busybox sleep 3600
docker stop -t 1 worker
# 2. A file out of notes.
docker cp notes:/data/note.txt /root/from-container.txt
# 3. Change nginx's page in a running container and commit it.
docker run -d --name edit nginx
docker exec edit sh -c 'echo "<h1>Saved with docker commit</h1>" > /usr/share/nginx/html/index.html'
docker commit edit mynginx:v1
docker rm -f edit
