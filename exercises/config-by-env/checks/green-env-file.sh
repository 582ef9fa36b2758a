if [ ! -f /root/app.env ]; then
  say "There is no file /root/app.env yet." "아직 /root/app.env 파일이 없습니다."
  exit 1
fi
wanted=$(sed -n 's/^[[:space:]]*MESSAGE=//p' /root/app.env | tail -n 1)
if [ -z "$wanted" ]; then
  say "/root/app.env does not set MESSAGE (write a line MESSAGE=…)." "/root/app.env에 MESSAGE가 없습니다. MESSAGE=… 한 줄을 쓰세요."
  exit 1
fi
state=$(docker inspect --format '{{.State.Running}}' green 2>/dev/null) || {
  say "There is no container named green yet." "아직 green이라는 컨테이너가 없습니다."
  exit 1
}
if [ "$state" != true ]; then
  say "green exists but is not running. docker logs green shows why." "green 컨테이너가 있지만 실행 중이 아닙니다. docker logs green으로 이유를 확인하세요."
  exit 1
fi
value=$(docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' green | sed -n 's/^MESSAGE=//p' | tail -n 1)
if [ "$value" != "$wanted" ]; then
  say "green's MESSAGE is \"$value\", but /root/app.env says \"$wanted\". Start green with --env-file /root/app.env (recreate it after changing the file)." "green의 MESSAGE는 \"$value\"인데 /root/app.env에는 \"$wanted\"로 되어 있습니다. green을 --env-file /root/app.env로 시작하세요. 파일을 고쳤다면 컨테이너를 다시 만들어야 합니다."
  exit 1
fi
blue=$(docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' blue 2>/dev/null | sed -n 's/^MESSAGE=//p' | tail -n 1)
if [ -n "$blue" ] && [ "$blue" = "$value" ]; then
  say "green says the same as blue (\"$value\"). Give it a message of its own in /root/app.env." "green이 blue와 같은 메시지(\"$value\")를 씁니다. /root/app.env에 green만의 메시지를 쓰세요."
  exit 1
fi
if ! docker port green | grep -q ':8082$'; then
  say "green does not publish port 8082 of the sandbox." "green이 샌드박스의 8082 포트를 공개하지 않습니다."
  exit 1
fi
page=$(curl -fsS -m 3 http://127.0.0.1:8082/ 2>/dev/null) || {
  say "Nothing answers successfully on http://localhost:8082 yet." "아직 http://localhost:8082에서 정상 응답이 없습니다."
  exit 1
}
if ! printf '%s' "$page" | grep -qF -- "$value"; then
  say "The page on port 8082 does not show green's MESSAGE \"$value\"." "8082 포트의 페이지에 green의 MESSAGE \"$value\"가 보이지 않습니다."
  exit 1
fi
