# nginx writing its page from MESSAGE at start; the same image named two ways
# (docker.io/library/nginx:latest and nginx), --env for blue.
cmd='echo "<p>$MESSAGE</p>" > /usr/share/nginx/html/index.html && exec nginx -g "daemon off;"'
docker run -d --name blue -p 8083:80 --env MESSAGE='Blue says hi' docker.io/library/nginx:latest sh -c "$cmd"
echo 'MESSAGE=Green says hello' > /root/app.env
docker run -d --name green -p 8084:80 --env-file /root/app.env nginx sh -c "$cmd"
for port in 8083 8084; do
  for _ in $(seq 50); do curl -fs "localhost:$port" >/dev/null && break; sleep 0.2; done
done
