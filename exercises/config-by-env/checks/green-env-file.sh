# served_from_env NAME PORT: the page NAME serves on PORT comes from its MESSAGE
# variable, not from text fixed when it was started (a shell that expanded
# $MESSAGE first, an exported variable): a copy of NAME (same image, command and
# environment, without its mounts) started with another MESSAGE must show that one.
served_from_env() {
  local name=$1 port=$2 config image inner token probe address seen line
  local -a args entrypoint command
  # One docker inspect, read with jq: each docker call takes a while on a busy host.
  config=$(docker inspect "$name" | jq -c '.[0]')
  image=$(jq -r '.Image' <<< "$config")
  inner=$(jq -r --arg port "$port" '.NetworkSettings.Ports | to_entries[] | select(any(.value[]?; .HostPort == $port)) | .key | split("/")[0]' <<< "$config" | head -n 1)
  token="message-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  args=(run -d -e "MESSAGE=$token")
  while IFS= read -r line; do args+=(-e "$line"); done < <(jq -r '.Config.Env[]? | select(startswith("MESSAGE=") | not)' <<< "$config")
  line=$(jq -r '.Config.WorkingDir // ""' <<< "$config"); [ -n "$line" ] && args+=(-w "$line")
  line=$(jq -r '.Config.User // ""' <<< "$config"); [ -n "$line" ] && args+=(-u "$line")
  mapfile -t entrypoint < <(jq -r '.Config.Entrypoint[]?' <<< "$config")
  mapfile -t command < <(jq -r '.Config.Cmd[]?' <<< "$config")
  args+=(--entrypoint "${entrypoint[0]}" "$image" "${entrypoint[@]:1}" "${command[@]}")
  probe=$(docker "${args[@]}" 2>/dev/null) || {
    say "A copy of $name with another MESSAGE could not be started." "MESSAGE만 바꾼 $name 복사본을 시작할 수 없었습니다."
    exit 1
  }
  trap "docker rm -f $probe >/dev/null 2>&1" EXIT
  address=$(docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$probe")
  seen=
  for i in $(seq 80); do
    seen=$(curl -fsS -m 2 "http://$address:$inner/" 2>/dev/null) && break
    # Every few tries, whether it is still running at all.
    if [ $((i % 8)) = 0 ] && [ "$(docker inspect --format '{{.State.Running}}' "$probe")" != true ]; then break; fi
    sleep 0.25
  done
  if [ -z "$seen" ]; then
    say "A copy of $name started with MESSAGE=$token (without $name's mounts) did not answer on port $inner: $(docker logs "$probe" 2>&1 | tail -n 2 | tr '\n' ' ')" \
        "MESSAGE=$token 으로 시작한 $name 복사본(마운트 없이)이 $inner 포트에서 응답하지 않았습니다: $(docker logs "$probe" 2>&1 | tail -n 2 | tr '\n' ' ')"
    exit 1
  fi
  if ! printf '%s' "$seen" | grep -qF -- "$token"; then
    say "$name's page does not come from its MESSAGE: a copy started with MESSAGE=$token still serves \"$(printf '%s' "$seen" | head -c 100)\". The text was fixed before the container ran: in double quotes your shell replaces \$MESSAGE (with its own value, or nothing) before docker runs. Use single quotes." \
        "$name의 페이지가 MESSAGE에서 나오지 않습니다. MESSAGE=$token 으로 시작한 복사본도 \"$(printf '%s' "$seen" | head -c 100)\"을(를) 보여 줍니다. 컨테이너가 시작되기 전에 내용이 정해진 것입니다. 큰따옴표 안에서는 docker가 실행되기 전에 내 셸이 \$MESSAGE를 (자기 값이나 빈 값으로) 바꿔 버립니다. 작은따옴표를 쓰세요."
    exit 1
  fi
}
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
if ! docker port green | grep -q ':8084$'; then
  say "green does not publish port 8084 of the sandbox." "green이 샌드박스의 8084 포트를 공개하지 않습니다."
  exit 1
fi
page=$(curl -fsS -m 3 http://127.0.0.1:8084/ 2>/dev/null) || {
  say "Nothing answers successfully on http://localhost:8084 yet." "아직 http://localhost:8084에서 정상 응답이 없습니다."
  exit 1
}
if ! printf '%s' "$page" | grep -qF -- "$value"; then
  say "The page on port 8084 does not show green's MESSAGE \"$value\"." "8084 포트의 페이지에 green의 MESSAGE \"$value\"가 보이지 않습니다."
  exit 1
fi
served_from_env green 8084
