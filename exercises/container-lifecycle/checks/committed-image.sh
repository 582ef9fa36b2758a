if ! docker image inspect mynginx:v1 >/dev/null 2>&1; then
  say "There is no image mynginx:v1 yet. Make it with docker commit CONTAINER mynginx:v1." \
      "아직 mynginx:v1 이미지가 없습니다. docker commit 컨테이너 mynginx:v1로 만드세요."
  exit 1
fi
# What mynginx:v1 is: nginx's layers plus what was committed on top.
layers=$(docker image inspect --format '{{join .RootFS.Layers " "}}' mynginx:v1)
from_nginx=
for base in $(docker images --no-trunc -q nginx | sort -u); do
  case "$layers " in "$(docker image inspect --format '{{join .RootFS.Layers " "}}' "$base") "*) from_nginx=$base ;; esac
done
if [ -z "$from_nginx" ]; then
  say "mynginx:v1 is not built on the nginx image: its layers do not start with nginx's. Commit a container you started from nginx." \
      "mynginx:v1은 nginx 이미지를 바탕으로 하지 않습니다. 레이어가 nginx의 레이어로 시작하지 않습니다. nginx로 시작한 컨테이너를 commit 하세요."
  exit 1
fi
# docker commit records the container's command as the new layer's history; a build records its instruction.
made_by=$(docker history --no-trunc --format '{{.CreatedBy}}' mynginx:v1 | head -n 1)
case "$made_by" in
  "/bin/sh -c "* | RUN\ * | COPY\ * | ADD\ * | "|"[0-9]*)
    say "mynginx:v1 was built from a Dockerfile (its last layer was made by: $(printf '%s' "$made_by" | cut -c1-100)). This task is about docker commit: change a running nginx container, then commit it." \
        "mynginx:v1은 Dockerfile로 빌드한 이미지입니다(마지막 레이어를 만든 것: $(printf '%s' "$made_by" | cut -c1-100)). 이 과제는 docker commit을 다룹니다. 실행 중인 nginx 컨테이너를 고친 뒤 commit 하세요."
    exit 1 ;;
esac
cid=$(docker run -d mynginx:v1 2>/dev/null) || {
  say "A container cannot be started from mynginx:v1." "mynginx:v1로 컨테이너를 시작할 수 없습니다."
  exit 1
}
trap 'docker rm -f "$cid" >/dev/null 2>&1' EXIT
page=""
running=false
for _ in $(seq 40); do
  set -- $(docker inspect --format '{{.State.Running}} {{.NetworkSettings.IPAddress}}' "$cid" 2>/dev/null)
  running=$1
  [ "$running" = true ] || break
  if [ -n "$2" ] && page=$(curl -fsS -m 2 "http://$2/" 2>/dev/null); then break; fi
  page=""
  sleep 0.25
done
if [ "$running" != true ]; then
  cmd=$(docker image inspect --format '{{join .Config.Cmd " "}}' mynginx:v1 2>/dev/null)
  say "A container from mynginx:v1 stops right away: the image starts \"$cmd\" instead of nginx. Commit a container that runs nginx's own command (docker run -d nginx), and change the page with docker exec." \
      "mynginx:v1로 만든 컨테이너가 바로 종료됩니다. 이미지가 nginx 대신 \"$cmd\"를 실행합니다. nginx 기본 명령으로 띄운 컨테이너(docker run -d nginx)에서 docker exec로 페이지를 고친 뒤 commit 하세요."
  exit 1
fi
if [ -z "$page" ]; then
  say "A container from mynginx:v1 runs, but nothing answers on its port 80." "mynginx:v1로 만든 컨테이너는 실행되지만 80 포트에서 응답이 없습니다."
  exit 1
fi
if ! printf '%s' "$page" | grep -q 'Saved with docker commit'; then
  say "A container from mynginx:v1 serves a page without \"Saved with docker commit\". Change index.html first, then commit." \
      "mynginx:v1로 만든 컨테이너의 페이지에 \"Saved with docker commit\"이 없습니다. index.html을 먼저 고친 다음 commit 하세요."
  exit 1
fi
