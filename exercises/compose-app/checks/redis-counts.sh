web=$(docker ps -q --filter label=com.docker.compose.project.working_dir=/root/counter --filter label=com.docker.compose.service=web | head -n 1)
if [ -z "$web" ]; then
  say "First get the web service of /root/counter running." "먼저 /root/counter의 web 서비스를 실행하세요."
  exit 1
fi
project=$(docker inspect --format '{{index .Config.Labels "com.docker.compose.project"}}' "$web")
redis=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=redis | head -n 1)
if [ -z "$redis" ]; then
  say "The project has no running service called redis." "프로젝트에 실행 중인 redis 서비스가 없습니다."
  exit 1
fi
case "$(docker inspect --format '{{.Config.Image}}' "$redis")" in
  redis | redis:*) ;;
  *) say "The redis service should run the redis image." "redis 서비스는 redis 이미지로 실행해야 합니다."; exit 1 ;;
esac
first=$(curl -fsS -m 3 http://127.0.0.1:8000/ 2>/dev/null) && second=$(curl -fsS -m 3 http://127.0.0.1:8000/ 2>/dev/null) || {
  say "http://localhost:8000 does not answer successfully (an error 500 often means the app cannot reach redis)." "http://localhost:8000이 정상 응답하지 않습니다. (500 오류라면 대개 앱이 redis에 연결하지 못한 것입니다.)"
  exit 1
}
read -r -a a <<< "$(printf '%s' "$first" | grep -o '[0-9]\+' | tr '\n' ' ')"
read -r -a b <<< "$(printf '%s' "$second" | grep -o '[0-9]\+' | tr '\n' ' ')"
grew=no
if [ "${#a[@]}" -gt 0 ] && [ "${#a[@]}" -eq "${#b[@]}" ]; then
  for i in "${!a[@]}"; do
    if [ "${#b[$i]}" -le 9 ] && [ "${#a[$i]}" -le 9 ] && [ "$((10#${b[$i]}))" -gt "$((10#${a[$i]}))" ]; then grew=yes; fi
  done
fi
if [ "$grew" != yes ]; then
  say "Two requests in a row should show a growing count, but they answered \"$first\" and then \"$second\"." "연달아 두 번 요청하면 숫자가 늘어나야 하는데, 응답이 \"$first\" 다음 \"$second\"였습니다."
  exit 1
fi
keys=$(docker exec "$redis" redis-cli dbsize 2>/dev/null | tr -dc '0-9')
if [ -z "$keys" ] || [ "$keys" -eq 0 ]; then
  say "The count grows, but Redis holds no keys: the app counts somewhere else. Store the count in redis with incr." "숫자는 늘어나지만 Redis에 키가 하나도 없습니다. 앱이 다른 곳에서 세고 있습니다. incr로 redis에 저장하세요."
  exit 1
fi
