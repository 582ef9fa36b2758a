if ! docker image inspect greeter:1.0 >/dev/null 2>&1; then
  say "There is no image greeter:1.0 yet." "아직 greeter:1.0 이미지가 없습니다."
  exit 1
fi
env=$(docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' greeter:1.0)
if ! printf '%s\n' "$env" | grep -qx 'GREETING=Hello'; then
  say "The image has no environment variable GREETING=Hello. ARG is gone after the build; ENV stays in the image." \
      "이미지에 GREETING=Hello 환경 변수가 없습니다. ARG는 빌드가 끝나면 사라지고, ENV만 이미지에 남습니다."
  exit 1
fi
out=$(docker run --rm -e GREETING=Hi greeter:1.0 2>&1)
if [ "$out" != "Hi, world!" ]; then
  say "docker run --rm -e GREETING=Hi greeter:1.0 printed \"$out\" instead of \"Hi, world!\"." \
      "docker run --rm -e GREETING=Hi greeter:1.0 의 출력이 \"Hi, world!\"가 아니라 \"$out\"입니다."
  exit 1
fi
