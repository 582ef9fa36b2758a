state=$(docker inspect --format '{{.State.Running}}' blue 2>/dev/null) || {
  say "There is no container named blue yet." "아직 blue라는 컨테이너가 없습니다."
  exit 1
}
if [ "$state" != true ]; then
  say "blue exists but is not running. docker logs blue shows why." "blue 컨테이너가 있지만 실행 중이 아닙니다. docker logs blue로 이유를 확인하세요."
  exit 1
fi
value=$(docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' blue | sed -n 's/^MESSAGE=//p' | tail -n 1)
if [ -z "$value" ]; then
  say "blue has no MESSAGE variable (or it is empty). Start it with -e MESSAGE=…" "blue에 MESSAGE 변수가 없거나 비어 있습니다. -e MESSAGE=…로 시작하세요."
  exit 1
fi
if ! docker port blue | grep -q ':8081$'; then
  say "blue does not publish port 8081 of the sandbox." "blue가 샌드박스의 8081 포트를 공개하지 않습니다."
  exit 1
fi
page=$(curl -fsS -m 3 http://127.0.0.1:8081/ 2>/dev/null) || {
  say "Nothing answers successfully on http://localhost:8081 yet." "아직 http://localhost:8081에서 정상 응답이 없습니다."
  exit 1
}
if ! printf '%s' "$page" | grep -qF -- "$value"; then
  say "blue's MESSAGE is \"$value\", but the page on port 8081 does not show it. Was the command in double quotes? Then your shell expanded \$MESSAGE before the container started." "blue의 MESSAGE는 \"$value\"인데 8081 포트의 페이지에 그 값이 없습니다. 명령을 큰따옴표로 감쌌다면 컨테이너가 시작되기 전에 내 셸이 \$MESSAGE를 바꿔 버린 것입니다."
  exit 1
fi
