# --mount instead of -v, a folder elsewhere, the port on 127.0.0.1 only, nginx:stable.
mkdir -p /srv/www
printf '<!doctype html>\n<p>Hello, Dockyard</p>\n' > /srv/www/index.html
docker run -d --name web --publish 127.0.0.1:8080:80 --mount type=bind,source=/srv/www,target=/usr/share/nginx/html,readonly nginx:stable
for _ in $(seq 50); do curl -fs localhost:8080 >/dev/null && break; sleep 0.2; done
