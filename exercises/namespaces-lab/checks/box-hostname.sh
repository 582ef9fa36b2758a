state=$(docker inspect --format '{{.State.Running}} {{.State.Pid}} {{.Config.Image}}' box 2>/dev/null) || {
  say "There is no container named box yet." "아직 box라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
if [ "$1" != true ]; then
  say "box exists but is not running. busybox's default shell exits at once: remove box and run it with a command such as sleep 3600." "box가 있지만 실행 중이 아닙니다. busybox의 기본 셸은 바로 끝나니, box를 지우고 sleep 3600 같은 명령을 붙여 다시 실행하세요."
  exit 1
fi
case "$3" in
  busybox | busybox:*) ;;
  *) say "box runs the image $3, not busybox." "box는 busybox가 아니라 $3 이미지로 실행 중입니다."; exit 1 ;;
esac
name=$(nsenter -t "$2" -u hostname 2>/dev/null)
if [ "$name" != island ]; then
  say "box's hostname is \"$name\", not island. The hostname is chosen when the container is created: docker rm -f box, then run it again with --hostname island." "box의 호스트 이름이 island가 아니라 \"$name\"입니다. 호스트 이름은 컨테이너를 만들 때 정해지니 docker rm -f box 후 --hostname island를 붙여 다시 실행하세요."
  exit 1
fi
