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
# pushed TAG: tools/busybox:TAG is in the registry on localhost:5000, and it is busybox.
pushed() {
  local tag=$1 tags manifest config
  tags=$(curl -fsS -m 3 http://127.0.0.1:5000/v2/tools/busybox/tags/list 2>/dev/null)
  if ! printf '%s' "$tags" | jq -e --arg tag "$tag" '.tags | index($tag)' >/dev/null 2>&1; then
    say "tools/busybox has no tag $tag in the registry; it has: ${tags:-no repository tools/busybox}" "레지스트리의 tools/busybox에 $tag 태그가 없습니다. 지금 있는 것: ${tags:-tools/busybox 저장소 없음}"
    exit 1
  fi
  # What was pushed: the manifest names the image's config, whose digest is the image id.
  manifest=$(curl -fsS -m 3 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://127.0.0.1:5000/v2/tools/busybox/manifests/$tag" 2>/dev/null)
  config=$(printf '%s' "$manifest" | jq -r '.config.digest // empty' 2>/dev/null)
  if [ -z "$config" ]; then
    say "The registry answers for tools/busybox:$tag, but not with an image manifest it can describe." "레지스트리에 tools/busybox:$tag가 있지만 이미지 매니페스트를 읽을 수 없습니다."
    exit 1
  fi
  if ! repos_of "$config" | grep -qx busybox; then
    if docker image inspect "$config" >/dev/null 2>&1; then seen=$(shown_image "$config"); else seen="$(printf '%s' "${config#sha256:}" | cut -c1-12) (not on this machine)"; fi
    say "tools/busybox:$tag in the registry is the image $seen, which is not busybox." "레지스트리의 tools/busybox:$tag는 busybox가 아니라 $seen 이미지입니다."
    exit 1
  fi
}
catalog=$(curl -fsS -m 3 http://127.0.0.1:5000/v2/_catalog 2>/dev/null) || {
  say "No registry answers on localhost:5000." "localhost:5000에서 응답하는 레지스트리가 없습니다."
  exit 1
}
if ! printf '%s' "$catalog" | jq -e '.repositories | index("tools/busybox")' >/dev/null 2>&1; then
  say "The catalog does not list tools/busybox; it has: $catalog" "카탈로그에 tools/busybox가 없습니다. 지금 있는 것: $catalog"
  exit 1
fi
pushed 1.0
