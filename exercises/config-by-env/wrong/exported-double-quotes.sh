# Double quotes, but with MESSAGE exported in the shell: the shell writes the text
# into the command before docker runs, so the pages look right without coming
# from the containers' environment.
export MESSAGE='Hello from blue'
docker run -d --name blue -p 8083:8000 -e MESSAGE python sh -c "mkdir -p /site && echo $MESSAGE > /site/index.html && exec python -m http.server -d /site 8000"
printf 'MESSAGE=Hello from green\n' > /root/app.env
export MESSAGE='Hello from green'
docker run -d --name green -p 8084:8000 --env-file /root/app.env python sh -c "mkdir -p /site && echo $MESSAGE > /site/index.html && exec python -m http.server -d /site 8000"
for port in 8083 8084; do
  for _ in $(seq 50); do curl -fs "localhost:$port" >/dev/null && break; sleep 0.2; done
done
