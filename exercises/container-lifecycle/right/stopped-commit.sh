# worker's command ends by itself; the folder copied out and the file taken from it;
# the container stopped before the commit, and the image tagged afterwards.
docker run --name worker busybox echo done
docker cp notes:/data/. /tmp/data
cp /tmp/data/note.txt /root/from-container.txt
docker run -d --name edit nginx
docker exec edit sh -c 'echo "<p>Saved with docker commit</p>" > /usr/share/nginx/html/index.html'
docker stop edit
image=$(docker commit edit)
docker tag "$image" mynginx:v1
