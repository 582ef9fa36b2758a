# The web service of the Compose project in /root/counter: the project's folder
# is compared as a resolved path, so a linked folder or -f and -p work too.
# Sets web (a running container's id) or stopped (one that exists, not running).
find_web() {
  local want id dir
  want=$(realpath /root/counter 2>/dev/null) web= stopped=
  [ -n "$want" ] || return 0
  while read -r id dir; do
    [ -n "$id" ] && [ "$(realpath "$dir" 2>/dev/null)" = "$want" ] || continue
    if [ "$(docker inspect --format '{{.State.Running}}' "$id")" = true ]; then web=$id; return 0; fi
    stopped=$id
  done < <(docker ps -a --filter label=com.docker.compose.service=web --format '{{.ID}} {{.Label "com.docker.compose.project.working_dir"}}')
}
if [ ! -d /root/counter ]; then
  say "There is no folder /root/counter yet." "아직 /root/counter 폴더가 없습니다."
  exit 1
fi
find_web
if [ -z "$web" ]; then
  if [ -n "$stopped" ]; then
    say "The web service of /root/counter exists but is not running. Look at docker-compose logs web in /root/counter." "/root/counter의 web 서비스 컨테이너가 있지만 실행 중이 아닙니다. /root/counter에서 docker-compose logs web을 확인하세요."
  else
    say "No running service called web belongs to a Compose project in /root/counter. Run docker-compose up -d in /root/counter." "/root/counter의 Compose 프로젝트에 실행 중인 web 서비스가 없습니다. /root/counter에서 docker-compose up -d를 실행하세요."
  fi
  exit 1
fi
if ! docker port "$web" | grep -q ':8000$'; then
  all=$(docker port "$web" 2>/dev/null | tr '\n' ';' | sed 's/;$//;s/;/; /g')
  say "web runs, but it does not publish port 8000 of the sandbox (docker port: ${all:-nothing published}). Add ports: - \"8000:<the app's port>\"." "web은 실행 중이지만 샌드박스의 8000 포트를 공개하지 않습니다 (docker port: ${all:-공개된 포트 없음}). ports: - \"8000:<앱 포트>\"를 추가하세요."
  exit 1
fi
if ! curl -fsS -m 3 -o /dev/null http://127.0.0.1:8000/ 2>/dev/null; then
  say "Port 8000 is published, but no successful answer comes back. Is the container port the one the app listens on? See docker-compose logs web." "8000 포트는 공개되었지만 정상 응답이 오지 않습니다. 컨테이너 쪽 포트가 앱이 듣는 포트와 같은지, docker-compose logs web으로 확인하세요."
  exit 1
fi
