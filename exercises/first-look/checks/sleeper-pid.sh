file=/root/sleeper-pid.txt
if [ ! -f "$file" ]; then
  say "There is no $file yet." "아직 $file 파일이 없습니다."
  exit 1
fi
got=$(tr -d ' \t\r\n' < "$file")
case "$got" in
  '' | *[!0-9]*)
    say "$file should hold just a number, but holds \"$got\"." "$file에는 숫자 하나만 들어 있어야 하는데 \"$got\"이(가) 들어 있습니다."
    exit 1 ;;
esac
if [ "$(docker inspect --format '{{.State.Running}}' sleeper 2>/dev/null)" != true ]; then
  say "sleeper is not running, so its sleep has no PID to compare with." "sleeper가 실행 중이 아니어서 비교할 sleep의 PID가 없습니다."
  exit 1
fi
# PIDs as the sandbox sees them: docker top lists sleeper's processes from outside.
want=$(docker top sleeper -o pid,args 2>/dev/null | awk 'NR > 1 { pid = $1; $1 = ""; sub(/^ /, "") } NR > 1 && $0 ~ /^(\/usr)?(\/bin\/)?sleep 3600$/ { print pid; exit }')
if [ -z "$want" ]; then
  say "sleeper runs no sleep 3600 whose PID could be compared." "sleeper 안에 PID를 비교할 sleep 3600이 없습니다."
  exit 1
fi
if [ "$got" = "$want" ]; then exit 0; fi
inside=$(docker exec sleeper pidof sleep 2>/dev/null | awk '{ print $1 }')
if [ -n "$inside" ] && [ "$got" = "$inside" ]; then
  say "$got is the PID sleep has inside sleeper, in its own PID namespace. The sandbox knows the same process by another PID: ask docker inspect or pgrep from the sandbox." \
      "$got은(는) sleeper 안, 즉 sleeper만의 PID 네임스페이스에서 본 sleep의 PID입니다. 샌드박스에서는 같은 프로세스가 다른 PID로 보이니 샌드박스에서 docker inspect나 pgrep으로 찾으세요."
elif [ -r "/proc/$got/cmdline" ]; then
  say "PID $got in the sandbox is \"$(tr '\0' ' ' < "/proc/$got/cmdline" | sed 's/ $//')\", not sleeper's sleep 3600 (PID $want)." \
      "샌드박스의 PID $got은(는) sleeper의 sleep 3600(PID $want)이 아니라 \"$(tr '\0' ' ' < "/proc/$got/cmdline" | sed 's/ $//')\"입니다."
else
  say "No process in the sandbox has PID $got; sleeper's sleep 3600 is PID $want. If you recreated sleeper, write its PID again." \
      "샌드박스에 PID $got인 프로세스가 없습니다. sleeper의 sleep 3600은 PID $want입니다. sleeper를 다시 만들었다면 PID를 다시 적으세요."
fi
exit 1
