# Starts worker with --rm: stopping it removes it, so no stopped worker is left.
docker run -d --rm --name worker busybox sleep 3600
docker stop -t 1 worker
docker cp notes:/data/note.txt /root/from-container.txt
docker run -d --name edit nginx
docker exec edit sh -c 'echo "<h1>Saved with docker commit</h1>" > /usr/share/nginx/html/index.html'
docker commit edit mynginx:v1
docker rm -f edit
