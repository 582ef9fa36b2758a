state=$(docker inspect --format '{{.State.Running}} {{.Config.Image}}' api 2>/dev/null) || {
  say "There is no container named api yet." "아직 api라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
if [ "$1" != true ]; then
  say "api exists but is not running; start it with docker start api." "api 컨테이너가 있지만 실행 중이 아닙니다. docker start api로 시작하세요."
  exit 1
fi
case "$2" in
  nginx | nginx:*) ;;
  *) say "api runs the image $2, not nginx." "api는 nginx가 아니라 $2 이미지로 실행 중입니다."; exit 1 ;;
esac
networks=$(docker inspect --format '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}' api)
case " $networks" in
  *" appnet "*) ;;
  *) say "api is attached to: ${networks:-no network}. It must be on appnet." "api가 연결된 네트워크: ${networks:-없음}. appnet에 연결되어야 합니다."; exit 1 ;;
esac
