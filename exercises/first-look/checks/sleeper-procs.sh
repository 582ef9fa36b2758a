if [ ! -f /root/sleeper-procs.txt ]; then
  say "There is no /root/sleeper-procs.txt yet." "아직 /root/sleeper-procs.txt 파일이 없습니다."
  exit 1
fi
got=$(tr -d ' \t\r\n' < /root/sleeper-procs.txt)
case "$got" in
  '' | *[!0-9]*)
    say "/root/sleeper-procs.txt should hold just a number." "/root/sleeper-procs.txt에는 숫자 하나만 들어 있어야 합니다."
    exit 1 ;;
esac
if [ "$(docker inspect --format '{{.State.Running}}' sleeper 2>/dev/null)" != true ]; then
  say "sleeper is not running, so there is nothing to count yet." "sleeper가 실행 중이 아니어서 아직 셀 프로세스가 없습니다."
  exit 1
fi
want=$(docker exec sleeper ps 2>/dev/null | tail -n +2 | wc -l | tr -d ' ')
if [ "$got" = "$want" ]; then
  exit 0
fi
if [ "$got" = "$((want + 1))" ]; then
  say "Close: that count includes the PID USER COMMAND header line. Count only the processes." \
      "거의 맞았습니다. PID USER COMMAND 제목 줄까지 센 것 같습니다. 프로세스 줄만 세세요."
else
  say "$got is not the number of processes that docker exec sleeper ps lists. Did you count inside sleeper, not in the sandbox?" \
      "$got은(는) docker exec sleeper ps가 보여 주는 프로세스 수가 아닙니다. 샌드박스가 아니라 sleeper 안에서 세었는지 확인하세요."
fi
exit 1
