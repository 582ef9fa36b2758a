docker run -d --name web -p 8080:80 nginx
for _ in $(seq 50); do curl -fs localhost:8080 >/dev/null && break; sleep 0.2; done
