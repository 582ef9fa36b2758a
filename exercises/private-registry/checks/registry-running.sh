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
state=$(docker inspect --format '{{.State.Running}} {{.Image}}' registry 2>/dev/null) || {
  say "There is no container named registry yet." "아직 registry라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
if [ "$1" != true ]; then
  say "registry exists but is not running; start it with docker start registry." "registry 컨테이너가 있지만 실행 중이 아닙니다. docker start registry로 시작하세요."
  exit 1
fi
if ! repos_of "$2" | grep -qx registry; then
  say "The container registry runs the image $(shown_image "$2"), which is not registry:2." "registry 컨테이너는 registry:2가 아니라 $(shown_image "$2") 이미지로 실행 중입니다."
  exit 1
fi
if ! docker port registry 5000/tcp 2>/dev/null | grep -q ':5000$'; then
  all=$(docker port registry 2>/dev/null | tr '\n' ';' | sed 's/;$//;s/;/; /g')
  say "registry's port 5000 is not published on the sandbox's port 5000 (docker port registry: ${all:-nothing published})." "registry의 5000 포트가 샌드박스의 5000 포트로 공개되어 있지 않습니다."
  exit 1
fi
if ! curl -fsS -m 3 -o /dev/null http://127.0.0.1:5000/v2/ 2>/dev/null; then
  say "Port 5000 is published, but http://localhost:5000/v2/ does not answer yet." "5000 포트는 공개되었지만 아직 http://localhost:5000/v2/ 가 응답하지 않습니다."
  exit 1
fi
