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
if ! docker port blue | grep -q ':8083$'; then
  say "blue does not publish port 8083 of the sandbox." "blue가 샌드박스의 8083 포트를 공개하지 않습니다."
  exit 1
fi
page=$(curl -fsS -m 3 http://127.0.0.1:8083/ 2>/dev/null) || {
  say "Nothing answers successfully on http://localhost:8083 yet." "아직 http://localhost:8083에서 정상 응답이 없습니다."
  exit 1
}
if ! printf '%s' "$page" | grep -qF -- "$value"; then
  say "blue's MESSAGE is \"$value\", but the page on port 8083 does not show it (it says \"$(printf '%s' "$page" | head -c 100)\"). Was the command in double quotes? Then your shell expanded \$MESSAGE before the container started." "blue의 MESSAGE는 \"$value\"인데 8083 포트의 페이지에 그 값이 없습니다. 명령을 큰따옴표로 감쌌다면 컨테이너가 시작되기 전에 내 셸이 \$MESSAGE를 바꿔 버린 것입니다."
  exit 1
fi
served_from_env blue 8083
