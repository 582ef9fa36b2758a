state=$(docker inspect --format '{{.State.Running}} {{.Config.Image}}' sleeper 2>/dev/null) || {
  say "There is no container named sleeper yet." "아직 sleeper라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
case "$2" in
  busybox | busybox:*) ;;
  *) say "sleeper runs the image $2, not busybox." "sleeper는 busybox가 아니라 $2 이미지로 만들어졌습니다."; exit 1 ;;
esac
cmd=$(docker inspect --format '{{.Path}} {{join .Args " "}}' sleeper)
if [ "$cmd" != "sleep 3600" ]; then
  say "sleeper runs \"$cmd\" instead of \"sleep 3600\"." "sleeper가 \"sleep 3600\"이 아니라 \"$cmd\"를 실행하고 있습니다."
  exit 1
fi
if [ "$1" != true ]; then
  say "sleeper exists but is not running; start it with docker start sleeper." "sleeper 컨테이너가 있지만 실행 중이 아닙니다. docker start sleeper로 시작하세요."
  exit 1
fi
