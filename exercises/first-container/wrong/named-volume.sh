# -v site:… names a volume, not the folder ~/site; the page then goes in with docker exec.
mkdir -p ~/site
echo '<h1>Hello, Dockyard</h1>' > ~/site/index.html
docker run -d --name web -p 8080:80 -v site:/usr/share/nginx/html nginx
docker exec web sh -c 'echo "<h1>Hello, Dockyard</h1>" > /usr/share/nginx/html/index.html'
for _ in $(seq 50); do curl -fs localhost:8080 >/dev/null && break; sleep 0.2; done
