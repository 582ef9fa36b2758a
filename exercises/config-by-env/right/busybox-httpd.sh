# busybox httpd instead of Python; blue's MESSAGE passed through from the shell
# with -e MESSAGE (no value); an env file with a comment; --env-file=.
export MESSAGE='Hello from blue'
serve='mkdir -p /www && echo "$MESSAGE" > /www/index.html && exec httpd -f -p 8080 -h /www'
docker run -d --name blue -p 8083:8080 -e MESSAGE busybox sh -c "$serve"
printf '# green site\nMESSAGE=Hello from green\n' > /root/app.env
docker run -d --name green -p 8084:8080 --env-file=/root/app.env busybox sh -c "$serve"
for port in 8083 8084; do
  for _ in $(seq 50); do curl -fs "localhost:$port" >/dev/null && break; sleep 0.2; done
done
