# Writes the greeting into app.py and sets the same text as GREETING in the
# Compose file: the page matches the variable, but does not come from it.
mkdir -p /root/counter
cd /root/counter
cat > app.py <<'PY'
import os

from flask import Flask
from redis import Redis

app = Flask(__name__)
redis = Redis(host="redis", port=6379)


@app.route("/")
def index():
    count = redis.incr("hits")
    return f"Welcome to the counter! This page has been seen {count} times.\n"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
PY
cat > Dockerfile <<'DF'
FROM python:3.11-slim
WORKDIR /app
COPY app.py .
CMD ["python", "app.py"]
DF
cat > docker-compose.yml <<'YML'
version: "3"
services:
  web:
    build: .
    ports:
      - "8000:5000"
    environment:
      - GREETING=Welcome to the counter
    depends_on:
      - redis
  redis:
    image: redis
YML
docker-compose up -d
for _ in $(seq 60); do curl -fs localhost:8000 >/dev/null && break; sleep 0.5; done
