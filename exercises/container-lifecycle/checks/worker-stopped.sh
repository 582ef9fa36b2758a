status=$(docker inspect --format '{{.State.Status}}' worker 2>/dev/null) || {
  say "There is no container named worker. Create one (docker run -d --name worker ...), then stop it." \
      "worker라는 컨테이너가 없습니다. 먼저 만들고(docker run -d --name worker ...) 정지시키세요."
  exit 1
}
case "$status" in
  exited) ;;
  running)
    say "worker is still running. Stop it with docker stop worker." "worker가 아직 실행 중입니다. docker stop worker로 정지하세요."
    exit 1 ;;
  paused)
    say "worker is paused, not stopped. Unpause it, then stop it." "worker는 정지가 아니라 일시 정지 상태입니다. unpause 후 stop 하세요."
    exit 1 ;;
  created)
    say "worker was created but never started. Start it once, then stop it." "worker가 만들어지기만 하고 한 번도 시작되지 않았습니다. 한 번 시작한 뒤 정지하세요."
    exit 1 ;;
  *)
    say "worker is $status, not exited." "worker의 상태가 exited가 아니라 $status입니다."
    exit 1 ;;
esac
