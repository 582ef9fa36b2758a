# Builds mynginx:v1 from a Dockerfile instead of committing a changed container.
docker run -d --name worker busybox sleep 3600
docker stop -t 1 worker
docker cp notes:/data/note.txt /root/from-container.txt
mkdir -p /root/mynginx
printf 'FROM nginx\nRUN echo "<h1>Saved with docker commit</h1>" > /usr/share/nginx/html/index.html\n' > /root/mynginx/Dockerfile
docker build -t mynginx:v1 /root/mynginx
