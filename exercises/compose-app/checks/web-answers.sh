if [ ! -d /root/counter ]; then
  say "There is no folder /root/counter yet." "아직 /root/counter 폴더가 없습니다."
  exit 1
fi
web=$(docker ps -q --filter label=com.docker.compose.project.working_dir=/root/counter --filter label=com.docker.compose.service=web | head -n 1)
if [ -z "$web" ]; then
  if docker ps -a -q --filter label=com.docker.compose.project.working_dir=/root/counter --filter label=com.docker.compose.service=web | grep -q .; then
    say "The web service of /root/counter exists but is not running. Look at docker-compose logs web in /root/counter." "/root/counter의 web 서비스 컨테이너가 있지만 실행 중이 아닙니다. /root/counter에서 docker-compose logs web을 확인하세요."
  else
    say "No running service called web belongs to a Compose project in /root/counter. Run docker-compose up -d in /root/counter." "/root/counter의 Compose 프로젝트에 실행 중인 web 서비스가 없습니다. /root/counter에서 docker-compose up -d를 실행하세요."
  fi
  exit 1
fi
if ! docker port "$web" | grep -q ':8000$'; then
  say "web runs, but it does not publish port 8000 of the sandbox. Add ports: - \"8000:<the app's port>\"." "web은 실행 중이지만 샌드박스의 8000 포트를 공개하지 않습니다. ports: - \"8000:<앱 포트>\"를 추가하세요."
  exit 1
fi
if ! curl -fsS -m 3 -o /dev/null http://127.0.0.1:8000/ 2>/dev/null; then
  say "Port 8000 is published, but no successful answer comes back. Is the container port the one the app listens on? See docker-compose logs web." "8000 포트는 공개되었지만 정상 응답이 오지 않습니다. 컨테이너 쪽 포트가 앱이 듣는 포트와 같은지, docker-compose logs web으로 확인하세요."
  exit 1
fi
