web=$(docker ps -q --filter label=com.docker.compose.project.working_dir=/root/counter --filter label=com.docker.compose.service=web | head -n 1)
if [ -z "$web" ]; then
  say "First get the web service of /root/counter running." "먼저 /root/counter의 web 서비스를 실행하세요."
  exit 1
fi
value=$(docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$web" | sed -n 's/^GREETING=//p' | head -n 1)
if [ -z "$value" ]; then
  say "The web container has no GREETING variable (or it is empty). Add it under environment: in docker-compose.yml and run docker-compose up -d." "web 컨테이너에 GREETING 변수가 없거나 비어 있습니다. docker-compose.yml의 environment:에 추가하고 docker-compose up -d를 실행하세요."
  exit 1
fi
image=$(docker inspect --format '{{.Image}}' "$web")
baked=$(docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | sed -n 's/^GREETING=//p' | head -n 1)
if [ "$baked" = "$value" ]; then
  say "GREETING=$value comes from the image (ENV in the Dockerfile). Set it on the service with environment: in docker-compose.yml instead, so changing it needs no rebuild." "GREETING=$value 값이 이미지(Dockerfile의 ENV)에서 옵니다. 다시 빌드하지 않고 바꿀 수 있도록 docker-compose.yml의 environment:로 서비스에 설정하세요."
  exit 1
fi
page=$(curl -fsS -m 3 http://127.0.0.1:8000/ 2>/dev/null)
if ! printf '%s' "$page" | grep -qF -- "$value"; then
  say "GREETING is \"$value\", but the page on port 8000 does not show it. Read it in app.py with os.environ and rebuild with docker-compose up -d --build." "GREETING은 \"$value\"인데 8000 포트의 페이지에 그 값이 없습니다. app.py에서 os.environ으로 읽고 docker-compose up -d --build로 다시 빌드하세요."
  exit 1
fi
