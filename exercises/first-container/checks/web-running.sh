state=$(docker inspect --format '{{.State.Running}} {{.Config.Image}}' web 2>/dev/null) || {
  say "There is no container named web yet." "아직 web이라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
if [ "$1" != true ]; then
  say "web exists but is not running; start it with docker start web." "web 컨테이너가 있지만 실행 중이 아닙니다. docker start web으로 시작하세요."
  exit 1
fi
case "$2" in
  nginx | nginx:*) ;;
  *) say "web runs the image $2, not nginx." "web은 nginx가 아니라 $2 이미지로 실행 중입니다."; exit 1 ;;
esac
