# The project lives in /srv/counter and /root/counter is a link to it; compose is
# run from elsewhere with -f and a project name of its own; the environment as a
# map; the web image named; python by its full name.
mkdir -p /srv/counter
ln -s /srv/counter /root/counter
cat > /srv/counter/app.py <<'PY'
import os

from flask import Flask
from redis import Redis

app = Flask(__name__)
db = Redis("redis")


@app.route("/")
def index():
    n = db.incr("counter:hits")
    greeting = os.getenv("GREETING", "Hi")
    return f"<p>{greeting}</p><p>{n} visits</p>\n"


app.run(host="0.0.0.0", port=5000)
PY
cat > /srv/counter/Dockerfile <<'DF'
FROM docker.io/library/python:3.11-slim
COPY app.py /app.py
CMD ["python", "/app.py"]
DF
cat > /srv/counter/docker-compose.yml <<'YML'
version: "3.8"
services:
  web:
    build: /srv/counter
    image: counter-web:1
    ports:
      - "8000:5000"
    environment:
      GREETING: Hello from Compose
  redis:
    image: redis
YML
cd /tmp
docker-compose -f /root/counter/docker-compose.yml -p visits up -d
for _ in $(seq 60); do curl -fs localhost:8000 >/dev/null && break; sleep 0.5; done
