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
state=$(docker inspect --format '{{.State.Running}} {{.Image}}' sleeper 2>/dev/null) || {
  say "There is no container named sleeper yet." "아직 sleeper라는 컨테이너가 없습니다."
  exit 1
}
set -- $state
running=$1 image=$2
if ! repos_of "$image" | grep -qx busybox; then
  say "sleeper runs the image $(shown_image "$image"), which is not busybox." "sleeper는 busybox가 아니라 $(shown_image "$image") 이미지로 만들어졌습니다."
  exit 1
fi
if [ "$running" != true ]; then
  cmd=$(docker inspect --format '{{.Path}} {{join .Args " "}}' sleeper)
  say "sleeper exists but is not running: its command \"$cmd\" has ended. Remove it (docker rm sleeper) and run it again with sleep 3600." \
      "sleeper 컨테이너가 있지만 실행 중이 아닙니다. 명령 \"$cmd\"이(가) 끝났습니다. docker rm sleeper로 지우고 sleep 3600을 붙여 다시 실행하세요."
  exit 1
fi
# The processes really running in sleeper, however the command was given
# (sleep 3600, --entrypoint sleep … 3600, sh -c 'sleep 3600').
procs=$(docker top sleeper -o pid,args 2>/dev/null | tail -n +2)
if ! printf '%s\n' "$procs" | awk '{ $1 = ""; sub(/^ /, "") } $0 ~ /^(\/usr)?(\/bin\/)?sleep 3600$/ { found = 1 } END { exit !found }'; then
  running_cmds=$(printf '%s\n' "$procs" | awk '{ $1 = ""; sub(/^ /, ""); printf "%s\"%s\"", sep, $0; sep = ", " }')
  say "sleeper runs ${running_cmds:-nothing}, but no sleep 3600." "sleeper 안에서 ${running_cmds:-아무것도} 실행 중이지만 sleep 3600은 없습니다."
  exit 1
fi
