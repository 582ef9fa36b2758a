# worker created, started and killed; the file read out with docker exec cat;
# the page copied in with docker cp; the commit with a message and a change.
docker create --name worker busybox sleep 3600
docker start worker
docker kill worker
docker exec notes cat /data/note.txt > /root/from-container.txt
echo '<h1>Saved with docker commit</h1>' > /root/page.html
docker run -d --name edit docker.io/library/nginx:latest
docker cp /root/page.html edit:/usr/share/nginx/html/index.html
docker commit -m 'my page' --change 'LABEL page=mine' edit mynginx:v1
docker rm -f edit
