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
state=$(docker inspect --format '{{.State.Running}} {{.State.Pid}} {{.Image}}' box 2>/dev/null) || {
  say "There is no container named box yet." "아직 box라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
running=$1 pid=$2 image=$3
if ! repos_of "$image" | grep -qx busybox; then
  say "box runs the image $(shown_image "$image"), which is not busybox." "box는 busybox가 아니라 $(shown_image "$image") 이미지로 실행 중입니다."
  exit 1
fi
if [ "$running" != true ]; then
  say "box exists but is not running. busybox's default shell exits at once: remove box and run it with a command such as sleep 3600." "box가 있지만 실행 중이 아닙니다. busybox의 기본 셸은 바로 끝나니, box를 지우고 sleep 3600 같은 명령을 붙여 다시 실행하세요."
  exit 1
fi
# The hostname in box's own UTS namespace, read from there.
name=$(nsenter -t "$pid" -u hostname 2>/dev/null)
if [ "$name" != island ]; then
  say "box's hostname is \"$name\", not island. The hostname is chosen when the container is created: docker rm -f box, then run it again with --hostname island." "box의 호스트 이름이 island가 아니라 \"$name\"입니다. 호스트 이름은 컨테이너를 만들 때 정해지니 docker rm -f box 후 --hostname island를 붙여 다시 실행하세요."
  exit 1
fi
