# Starts worker but never stops it.
docker run -d --name worker busybox sleep 3600
docker cp notes:/data/note.txt /root/from-container.txt
docker run -d --name edit nginx
docker exec edit sh -c 'echo "<h1>Saved with docker commit</h1>" > /usr/share/nginx/html/index.html'
docker commit edit mynginx:v1
docker rm -f edit
