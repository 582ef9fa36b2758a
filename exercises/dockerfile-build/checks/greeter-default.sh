if [ ! -f /root/greeter/Dockerfile ]; then
  say "There is no /root/greeter/Dockerfile yet." "아직 /root/greeter/Dockerfile이 없습니다."
  exit 1
fi
if ! docker image inspect greeter:1.0 >/dev/null 2>&1; then
  say "There is no image greeter:1.0 yet. Build it: docker build -t greeter:1.0 ~/greeter" \
      "아직 greeter:1.0 이미지가 없습니다. docker build -t greeter:1.0 ~/greeter 로 빌드하세요."
  exit 1
fi
out=$(docker run --rm greeter:1.0 2>&1)
if [ "$out" != "Hello, world!" ]; then
  say "docker run --rm greeter:1.0 printed \"$out\" instead of \"Hello, world!\"." \
      "docker run --rm greeter:1.0 의 출력이 \"Hello, world!\"가 아니라 \"$out\"입니다."
  exit 1
fi
