if ! docker port api 80/tcp 2>/dev/null | grep -q ':8081$'; then
  all=$(docker port api 2>/dev/null | tr '\n' ';' | sed 's/;$//;s/;/; /g')
  say "api's port 80 is not published on the sandbox's port 8081 (docker port api: ${all:-nothing published})." "api의 80 포트가 샌드박스의 8081 포트로 공개되어 있지 않습니다 (docker port api: ${all:-공개된 포트 없음})."
  exit 1
fi
if ! curl -fsS -m 3 -o /dev/null http://127.0.0.1:8081/ 2>/dev/null; then
  say "Port 8081 is published, but nothing answers there yet." "8081 포트는 공개되었지만 아직 응답이 없습니다."
  exit 1
fi
