state=$(docker inspect --format '{{.State.Running}} {{.Config.Image}}' registry 2>/dev/null) || {
  say "There is no container named registry yet." "아직 registry라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
if [ "$1" != true ]; then
  say "registry exists but is not running; start it with docker start registry." "registry 컨테이너가 있지만 실행 중이 아닙니다. docker start registry로 시작하세요."
  exit 1
fi
case "$2" in
  registry | registry:*) ;;
  *) say "The container registry runs the image $2, not registry:2." "registry 컨테이너는 registry:2가 아니라 $2 이미지로 실행 중입니다."; exit 1 ;;
esac
if ! docker port registry 5000/tcp 2>/dev/null | grep -q ':5000$'; then
  say "registry's port 5000 is not published on the sandbox's port 5000." "registry의 5000 포트가 샌드박스의 5000 포트로 공개되어 있지 않습니다."
  exit 1
fi
if ! curl -fsS -m 3 -o /dev/null http://127.0.0.1:5000/v2/ 2>/dev/null; then
  say "Port 5000 is published, but http://localhost:5000/v2/ does not answer yet." "5000 포트는 공개되었지만 아직 http://localhost:5000/v2/ 가 응답하지 않습니다."
  exit 1
fi
