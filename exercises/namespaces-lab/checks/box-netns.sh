file=/root/box-netns.txt
if [ ! -s "$file" ]; then
  say "$file does not exist yet, or is empty." "아직 $file 파일이 없거나 비어 있습니다."
  exit 1
fi
got=$(tr -d ' \t\r\n' < "$file")
pid=$(docker inspect --format '{{.State.Pid}}' box 2>/dev/null)
if [ -z "$pid" ] || [ "$pid" = 0 ]; then
  say "box is not running, so it has no network namespace to compare with. Start box first." "box가 실행 중이 아니어서 비교할 네트워크 네임스페이스가 없습니다. 먼저 box를 실행하세요."
  exit 1
fi
want=$(readlink "/proc/$pid/ns/net")
# The namespace is its inode number: net:[4026532550] as readlink shows it, or 4026532550 as lsns and stat do.
if [ "$got" = "$want" ] || [ "net:[$got]" = "$want" ]; then exit 0; fi
case "$got" in
  net:\[*\]) ;;
  *[!0-9]* | '') ;;
  *) got="net:[$got]" ;;
esac
case "$got" in
  net:\[*\]) ;;
  *) say "$file should hold a link target like net:[4026532550], but holds \"$got\"." "$file에는 net:[4026532550] 같은 링크 대상이 있어야 하는데 \"$got\"이(가) 들어 있습니다."; exit 1 ;;
esac
if [ "$got" = "$(readlink /proc/1/ns/net)" ]; then
  say "$got is the sandbox's own network namespace (your shell's), not box's. Read /proc/PID/ns/net with the PID docker inspect gives for box." "$got은 box가 아니라 샌드박스(여러분의 셸)의 네트워크 네임스페이스입니다. docker inspect가 알려 주는 box의 PID로 /proc/PID/ns/net을 읽으세요."
  exit 1
fi
say "$file says $got, but box's main process is in $want. If you recreated box, its namespace changed: read it again." "$file에는 $got이 있지만 box 메인 프로세스는 $want에 있습니다. box를 다시 만들었다면 네임스페이스도 바뀌었으니 다시 읽으세요."
exit 1
