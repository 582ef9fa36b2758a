# The web service of the Compose project in /root/counter: the project's folder
# is compared as a resolved path, so a linked folder or -f and -p work too.
# Sets web (a running container's id) or stopped (one that exists, not running).
find_web() {
  local want id dir
  want=$(realpath /root/counter 2>/dev/null) web= stopped=
  [ -n "$want" ] || return 0
  while read -r id dir; do
    [ -n "$id" ] && [ "$(realpath "$dir" 2>/dev/null)" = "$want" ] || continue
    if [ "$(docker inspect --format '{{.State.Running}}' "$id")" = true ]; then web=$id; return 0; fi
    stopped=$id
  done < <(docker ps -a --filter label=com.docker.compose.service=web --format '{{.ID}} {{.Label "com.docker.compose.project.working_dir"}}')
}
find_web
if [ -z "$web" ]; then
  say "First get the web service of /root/counter running." "먼저 /root/counter의 web 서비스를 실행하세요."
  exit 1
fi
value=$(docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$web" | sed -n 's/^GREETING=//p' | head -n 1)
if [ -z "$value" ]; then
  say "The web container has no GREETING variable (or it is empty). Add it under environment: in docker-compose.yml and run docker-compose up -d." "web 컨테이너에 GREETING 변수가 없거나 비어 있습니다. docker-compose.yml의 environment:에 추가하고 docker-compose up -d를 실행하세요."
  exit 1
fi
image=$(docker inspect --format '{{.Image}}' "$web")
baked=$(docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | sed -n 's/^GREETING=//p' | head -n 1)
if [ "$baked" = "$value" ]; then
  say "GREETING=$value comes from the image (ENV in the Dockerfile). Set it on the service with environment: in docker-compose.yml instead, so changing it needs no rebuild." "GREETING=$value 값이 이미지(Dockerfile의 ENV)에서 옵니다. 다시 빌드하지 않고 바꿀 수 있도록 docker-compose.yml의 environment:로 서비스에 설정하세요."
  exit 1
fi
page=$(curl -fsS -m 3 http://127.0.0.1:8000/ 2>/dev/null)
if ! printf '%s' "$page" | grep -qF -- "$value"; then
  say "GREETING is \"$value\", but the page on port 8000 does not show it (it says \"$page\"). Read it in app.py with os.environ and rebuild with docker-compose up -d --build." "GREETING은 \"$value\"인데 8000 포트의 페이지에 그 값이 없습니다(페이지 내용: \"$page\"). app.py에서 os.environ으로 읽고 docker-compose up -d --build로 다시 빌드하세요."
  exit 1
fi
# That the page shows the variable, not text that happens to match it: a copy of
# web (same image, command, environment and network) with another GREETING must
# show that one.
# One docker inspect, read with jq: each docker call takes a while on a busy host.
config=$(docker inspect "$web" | jq -c '.[0]')
port=$(jq -r '.NetworkSettings.Ports | to_entries[] | select(any(.value[]?; .HostPort == "8000")) | .key | split("/")[0]' <<< "$config" | head -n 1)
network=$(jq -r '.NetworkSettings.Networks | keys[0]' <<< "$config")
token="greeting-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
args=(run -d --label com.docker.compose.service=dockyard-check --network "$network" --volumes-from "$web:ro" -e "GREETING=$token")
while IFS= read -r line; do args+=(-e "$line"); done < <(jq -r '.Config.Env[]? | select(startswith("GREETING=") | not)' <<< "$config")
workdir=$(jq -r '.Config.WorkingDir // ""' <<< "$config") user=$(jq -r '.Config.User // ""' <<< "$config")
[ -n "$workdir" ] && args+=(-w "$workdir")
[ -n "$user" ] && args+=(-u "$user")
mapfile -t entrypoint < <(jq -r '.Config.Entrypoint[]?' <<< "$config")
mapfile -t command < <(jq -r '.Config.Cmd[]?' <<< "$config")
args+=(--entrypoint "${entrypoint[0]}" "$image" "${entrypoint[@]:1}" "${command[@]}")
probe=$(docker "${args[@]}" 2>/dev/null) || {
  say "A copy of web with another GREETING could not be started." "GREETING만 바꾼 web 복사본을 시작할 수 없었습니다."
  exit 1
}
trap 'docker rm -f "$probe" >/dev/null 2>&1' EXIT
address=$(docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$probe")
seen=
for i in $(seq 120); do
  seen=$(curl -fsS -m 2 "http://$address:$port/" 2>/dev/null) && break
  # Every few tries, whether it is still running at all.
  if [ $((i % 8)) = 0 ] && [ "$(docker inspect --format '{{.State.Running}}' "$probe")" != true ]; then break; fi
  sleep 0.25
done
if [ -z "$seen" ]; then
  say "A copy of web started with GREETING=$token did not answer on port $port: $(docker logs "$probe" 2>&1 | tail -n 2 | tr '\n' ' ')" \
      "GREETING=$token 으로 시작한 web 복사본이 $port 포트에서 응답하지 않았습니다: $(docker logs "$probe" 2>&1 | tail -n 2 | tr '\n' ' ')"
  exit 1
fi
if ! printf '%s' "$seen" | grep -qF -- "$token"; then
  say "The greeting does not come from GREETING: a copy of web started with GREETING=$token still says \"$seen\". Read it in app.py with os.environ.get(\"GREETING\")." \
      "인사말이 GREETING 변수에서 오지 않습니다. GREETING=$token 으로 시작한 web 복사본도 \"$seen\"이라고 답합니다. app.py에서 os.environ.get(\"GREETING\")으로 읽으세요."
  exit 1
fi
