# Only the file bind-mounted, the image by digest, the port as 8080:80/tcp.
echo 'Hello, Dockyard' > /root/index.html
docker pull nginx
docker run -d --name web -p 8080:80/tcp -v /root/index.html:/usr/share/nginx/html/index.html:ro "$(docker image inspect -f '{{index .RepoDigests 0}}' nginx)"
for _ in $(seq 50); do curl -fs localhost:8080 >/dev/null && break; sleep 0.2; done
