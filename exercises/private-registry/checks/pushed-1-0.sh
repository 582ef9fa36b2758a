catalog=$(curl -fsS -m 3 http://127.0.0.1:5000/v2/_catalog 2>/dev/null) || {
  say "No registry answers on localhost:5000." "localhost:5000에서 응답하는 레지스트리가 없습니다."
  exit 1
}
if ! printf '%s' "$catalog" | jq -e '.repositories | index("tools/busybox")' >/dev/null 2>&1; then
  say "The catalog does not list tools/busybox; it has: $catalog" "카탈로그에 tools/busybox가 없습니다. 지금 있는 것: $catalog"
  exit 1
fi
tags=$(curl -fsS -m 3 http://127.0.0.1:5000/v2/tools/busybox/tags/list 2>/dev/null)
if ! printf '%s' "$tags" | jq -e '.tags | index("1.0")' >/dev/null 2>&1; then
  say "tools/busybox has no tag 1.0 in the registry; it has: $tags" "레지스트리의 tools/busybox에 1.0 태그가 없습니다. 지금 있는 것: $tags"
  exit 1
fi
