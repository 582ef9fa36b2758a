# Writes the page into the container with docker exec instead of serving a folder.
docker run -d --name web -p 8080:80 nginx
docker exec web sh -c 'echo "<h1>Hello, Dockyard</h1>" > /usr/share/nginx/html/index.html'
for _ in $(seq 50); do curl -fs localhost:8080 >/dev/null && break; sleep 0.2; done
