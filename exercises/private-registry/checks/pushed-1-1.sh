tags=$(curl -fsS -m 3 http://127.0.0.1:5000/v2/tools/busybox/tags/list 2>/dev/null) || {
  say "The registry on localhost:5000 has no repository tools/busybox yet." "localhost:5000 레지스트리에 아직 tools/busybox 저장소가 없습니다."
  exit 1
}
if ! printf '%s' "$tags" | jq -e '.tags | index("1.1")' >/dev/null 2>&1; then
  say "tools/busybox has no tag 1.1 in the registry; it has: $tags" "레지스트리의 tools/busybox에 1.1 태그가 없습니다. 지금 있는 것: $tags"
  exit 1
fi
