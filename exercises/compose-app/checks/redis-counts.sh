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
# The repositories an image is known by, from every tag and digest it has:
# busybox, busybox:1, docker.io/library/busybox:latest and busybox@sha256:… all
# give "busybox". Compared by the image a container really runs, not by what
# was typed.
repos_of() {
  docker image inspect --format '{{range .RepoTags}}{{println .}}{{end}}{{range .RepoDigests}}{{println .}}{{end}}' "$1" 2>/dev/null |
    sed -e 's/@.*//' -e 's/:[^:/]*$//' -e 's#^docker\.io/##' -e 's#^library/##' | sort -u
}
# An image as a message shows it: short id and tags.
shown_image() {
  local tags
  tags=$(docker image inspect --format '{{join .RepoTags ", "}}' "$1" 2>/dev/null)
  printf '%s (%s)' "$(printf '%s' "${1#sha256:}" | cut -c1-12)" "${tags:-untagged}"
}
find_web
if [ -z "$web" ]; then
  say "First get the web service of /root/counter running." "먼저 /root/counter의 web 서비스를 실행하세요."
  exit 1
fi
project=$(docker inspect --format '{{index .Config.Labels "com.docker.compose.project"}}' "$web")
redis=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=redis | head -n 1)
if [ -z "$redis" ]; then
  say "The project $project has no running service called redis." "$project 프로젝트에 실행 중인 redis 서비스가 없습니다."
  exit 1
fi
image=$(docker inspect --format '{{.Image}}' "$redis")
if ! repos_of "$image" | grep -qx redis; then
  say "The redis service runs the image $(shown_image "$image"), which is not redis." "redis 서비스가 redis가 아니라 $(shown_image "$image") 이미지로 실행 중입니다."
  exit 1
fi
# Every key of redis that holds a number, as "key value" lines.
numbers_in_redis() {
  docker exec "$redis" redis-cli --raw eval "local r = {} for _, k in ipairs(redis.call('keys', '*')) do if redis.call('type', k).ok == 'string' then local v = redis.call('get', k) if tonumber(v) then r[#r + 1] = k .. ' ' .. v end end end return r" 0 2>/dev/null
}
numbers_on() { printf '%s' "$1" | grep -o '[0-9]\+' | grep -v '^0*[0-9]\{10,\}$'; }
first=$(curl -fsS -m 3 http://127.0.0.1:8000/ 2>/dev/null) && before=$(numbers_in_redis) && second=$(curl -fsS -m 3 http://127.0.0.1:8000/ 2>/dev/null) || {
  say "http://localhost:8000 does not answer successfully (an error 500 often means the app cannot reach redis)." "http://localhost:8000이 정상 응답하지 않습니다. (500 오류라면 대개 앱이 redis에 연결하지 못한 것입니다.)"
  exit 1
}
after=$(numbers_in_redis)
read -r -a a <<< "$(numbers_on "$first" | tr '\n' ' ')"
read -r -a b <<< "$(numbers_on "$second" | tr '\n' ' ')"
grew=no
if [ "${#a[@]}" -gt 0 ] && [ "${#a[@]}" -eq "${#b[@]}" ]; then
  for i in "${!a[@]}"; do
    if [ "$((10#${b[$i]}))" -gt "$((10#${a[$i]}))" ]; then grew=yes; fi
  done
fi
if [ "$grew" != yes ]; then
  say "Two requests in a row should show a growing count, but they answered \"$first\" and then \"$second\"." "연달아 두 번 요청하면 숫자가 늘어나야 하는데, 응답이 \"$first\" 다음 \"$second\"였습니다."
  exit 1
fi
# The count comes from redis: some key went past the number the page showed
# while that request was served (other requests may have counted too).
from_redis=
while read -r key old; do
  [ -n "$key" ] || continue
  new=$(printf '%s\n' "$after" | awk -v k="$key" '$1 == k { print $2 }')
  for n in "${b[@]}"; do
    if [ "$((10#$n))" -gt "$old" ] && [ -n "$new" ] && [ "$((10#$n))" -le "$new" ]; then from_redis=$key; fi
  done
done <<< "$before"
if [ -z "$from_redis" ]; then
  held=$(printf '%s\n' "$after" | awk 'NF { printf "%s%s=%s", sep, $1, $2; sep = ", " }')
  say "The count on the page grows (\"$second\"), but it is not kept in redis: no key there went up to it (redis holds: ${held:-no numbers}). Count with redis.incr and show what it returns." \
      "페이지의 숫자는 늘어나지만(\"$second\") redis에 저장된 값이 아닙니다. redis에서 그 숫자까지 늘어난 키가 없습니다(redis에 있는 값: ${held:-숫자 없음}). redis.incr로 세고 그 반환값을 보여 주세요."
  exit 1
fi
