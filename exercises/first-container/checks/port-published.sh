published=$(docker port web 80/tcp 2>/dev/null)
if ! printf '%s\n' "$published" | grep -q ':8080$'; then
  all=$(docker port web 2>/dev/null | tr '\n' ';' | sed 's/;$//;s/;/; /g')
  say "web's port 80 is not published on port 8080 (docker port web: ${all:-nothing published})." "web의 80 포트가 8080 포트로 공개되어 있지 않습니다 (docker port web: ${all:-공개된 포트 없음})."
  exit 1
fi
if ! curl -fsS -m 3 -o /dev/null http://127.0.0.1:8080/ 2>/dev/null; then
  say "Port 8080 is published, but nothing answers there yet." "8080 포트는 공개되었지만 아직 응답이 없습니다."
  exit 1
fi
