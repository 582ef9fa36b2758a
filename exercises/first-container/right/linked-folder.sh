# ~/site is a link to the real folder; the image by its full name.
mkdir -p /srv/pages
echo '<h1>Hello, Dockyard</h1>' > /srv/pages/index.html
ln -s /srv/pages ~/site
docker run -d --name web -p 8080:80 -v ~/site:/usr/share/nginx/html docker.io/library/nginx:latest
for _ in $(seq 50); do curl -fs localhost:8080 >/dev/null && break; sleep 0.2; done
