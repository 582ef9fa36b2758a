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
for name in blue green; do
  if [ "$(docker inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
    say "$name is not running yet." "$name 컨테이너가 아직 실행 중이 아닙니다."
    exit 1
  fi
done
blue=$(docker inspect --format '{{.Image}}' blue)
green=$(docker inspect --format '{{.Image}}' green)
if [ "$blue" != "$green" ]; then
  say "blue runs the image $(shown_image "$blue") and green $(shown_image "$green"): two different images. Run both from one image." "blue는 $(shown_image "$blue"), green은 $(shown_image "$green") 이미지로, 서로 다른 이미지입니다. 하나의 이미지로 둘 다 실행하세요."
  exit 1
fi
if docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$blue" | grep -q '^MESSAGE='; then
  say "The image itself sets MESSAGE (ENV in its Dockerfile). Configuration belongs to the container, not the image: use an image without MESSAGE." "이미지 자체에 MESSAGE가 들어 있습니다(Dockerfile의 ENV). 설정은 이미지가 아니라 컨테이너에 주어야 합니다. MESSAGE가 없는 이미지를 쓰세요."
  exit 1
fi
