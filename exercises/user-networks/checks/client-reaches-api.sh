# The repositories an image is known by, from every tag and digest it has:
# busybox, busybox:1, docker.io/library/busybox:latest and busybox@sha256:… all
# give "busybox". Compared by the image a container really runs, not by what
# was typed.
repos_of() {
  docker image inspect --format '{{range .RepoTags}}{{println .}}{{end}}{{range .RepoDigests}}{{println .}}{{end}}' "$1" 2>/dev/null |
    sed -e 's/@.*//' -e 's/:[^:/]*$//' -e 's#^docker\.io/##' -e 's#^library/##' | sort -u
}
# An image as a message shows it: short id and tags.
shown_image() {
  local tags
  tags=$(docker image inspect --format '{{join .RepoTags ", "}}' "$1" 2>/dev/null)
  printf '%s (%s)' "$(printf '%s' "${1#sha256:}" | cut -c1-12)" "${tags:-untagged}"
}
state=$(docker inspect --format '{{.State.Running}} {{.Image}}' client 2>/dev/null) || {
  say "There is no container named client yet." "아직 client라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
if [ "$1" != true ]; then
  say "client is not running. busybox stops when its command ends: give it sleep 3600." "client가 실행 중이 아닙니다. busybox는 명령이 끝나면 멈추니 sleep 3600을 주세요."
  exit 1
fi
if ! repos_of "$2" | grep -qx busybox; then
  say "client runs the image $(shown_image "$2"), which is not busybox." "client은(는) busybox가 아니라 $(shown_image "$2") 이미지로 실행 중입니다."
  exit 1
fi
networks=$(docker inspect --format '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}' client)
case " $networks" in
  *" appnet "*) ;;
  *) say "client is attached to: ${networks:-no network}. It must be on appnet." "client가 연결된 네트워크: ${networks:-없음}. appnet에 연결되어야 합니다."; exit 1 ;;
esac
page=$(docker exec client wget -qO- http://api/ 2>&1) || {
  say "From client, http://api/ does not answer: $page" "client에서 http://api/ 에 접속되지 않습니다: $page"
  exit 1
}
if ! printf '%s' "$page" | grep -qi nginx; then
  say "client reached http://api/, but the answer is not nginx's page." "client가 http://api/ 에 접속했지만 nginx 페이지가 아닙니다."
  exit 1
fi
