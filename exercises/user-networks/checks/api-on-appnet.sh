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
state=$(docker inspect --format '{{.State.Running}} {{.Image}}' api 2>/dev/null) || {
  say "There is no container named api yet." "아직 api라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
if [ "$1" != true ]; then
  say "api exists but is not running; start it with docker start api." "api 컨테이너가 있지만 실행 중이 아닙니다. docker start api로 시작하세요."
  exit 1
fi
if ! repos_of "$2" | grep -qx nginx; then
  say "api runs the image $(shown_image "$2"), which is not nginx." "api은(는) nginx가 아니라 $(shown_image "$2") 이미지로 실행 중입니다."
  exit 1
fi
networks=$(docker inspect --format '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}' api)
case " $networks" in
  *" appnet "*) ;;
  *) say "api is attached to: ${networks:-no network}. It must be on appnet." "api가 연결된 네트워크: ${networks:-없음}. appnet에 연결되어야 합니다."; exit 1 ;;
esac
