mkdir -p ~/site
echo '<h1>Hello, Dockyard</h1>' > ~/site/index.html
docker run -d --name web -v ~/site:/usr/share/nginx/html:ro nginx
