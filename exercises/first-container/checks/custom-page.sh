page=$(curl -fsS -m 3 http://127.0.0.1:8080/ 2>/dev/null)
if [ -z "$page" ]; then
  say "Nothing answers on http://localhost:8080 yet." "아직 http://localhost:8080에서 응답이 없습니다."
  exit 1
fi
if ! printf '%s' "$page" | grep -q 'Hello, Dockyard'; then
  say "The page on port 8080 does not say \"Hello, Dockyard\" yet." "8080 포트의 페이지에 아직 \"Hello, Dockyard\"가 없습니다."
  exit 1
fi
