# Changes the page in a container started with a shell command, so the committed image
# runs that shell command instead of nginx.
docker run -d --name worker busybox sleep 3600
docker stop -t 1 worker
docker cp notes:/data/note.txt /root/from-container.txt
docker run --name edit nginx sh -c 'echo "<h1>Saved with docker commit</h1>" > /usr/share/nginx/html/index.html'
docker commit edit mynginx:v1
docker rm -f edit
