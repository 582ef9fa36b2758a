# `docker compose` (the CLI plugin), docker-compose.yaml, the greeting from an
# env_file, redis:7 found through REDIS_HOST, the key "visits", flask run on
# port 8000 inside the container.
mkdir -p /root/counter
cd /root/counter
cat > app.py <<'PY'
import os

import redis
from flask import Flask

app = Flask(__name__)
store = redis.Redis(host=os.environ["REDIS_HOST"])


@app.get("/")
def hello():
    visits = store.incr("visits")
    return "{}, visitor number {}\n".format(os.environ["GREETING"], visits)
PY
cat > Dockerfile <<'DF'
FROM python:3.11-slim
WORKDIR /srv
COPY app.py .
ENV FLASK_APP=app.py
CMD ["flask", "run", "--host=0.0.0.0", "--port=8000"]
DF
printf 'GREETING=Good morning\n' > web.env
cat > docker-compose.yaml <<'YML'
services:
  web:
    build: .
    ports: ["8000:8000"]
    env_file: web.env
    environment:
      REDIS_HOST: redis
  redis:
    image: redis:7
YML
docker compose up -d
for _ in $(seq 60); do curl -fs localhost:8000 >/dev/null && break; sleep 0.5; done
