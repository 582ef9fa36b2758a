serve='mkdir -p /site && echo "$MESSAGE" > /site/index.html && exec python -m http.server -d /site 8000'
docker run -d --name blue -p 8083:8000 -e MESSAGE='Hello from blue' python sh -c "$serve"
printf 'MESSAGE=Hello from green\n' > /root/app.env
docker run -d --name green -p 8084:8000 --env-file /root/app.env python sh -c "$serve"
for port in 8083 8084; do
  for _ in $(seq 50); do curl -fs "localhost:$port" >/dev/null && break; sleep 0.2; done
done
