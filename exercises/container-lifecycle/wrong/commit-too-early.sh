# Commits before changing the page: the image still serves nginx's default page.
docker run -d --name worker busybox sleep 3600
docker stop -t 1 worker
docker cp notes:/data/note.txt /root/from-container.txt
docker run -d --name edit nginx
docker commit edit mynginx:v1
docker exec edit sh -c 'echo "<h1>Saved with docker commit</h1>" > /usr/share/nginx/html/index.html'
