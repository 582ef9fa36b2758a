size=$(docker image inspect --format '{{.Size}}' tiny:1.0 2>/dev/null) || {
  say "There is no image tiny:1.0 yet. Write /root/tiny/Dockerfile and build it with docker build -t tiny:1.0 ~/tiny" \
      "아직 tiny:1.0 이미지가 없습니다. /root/tiny/Dockerfile을 작성하고 docker build -t tiny:1.0 ~/tiny 로 빌드하세요."
  exit 1
}
mb=$(( size / 1000000 ))
if [ "$size" -ge 10000000 ]; then
  say "tiny:1.0 is $mb MB; it must be under 10 MB. Is the final stage still based on python?" \
      "tiny:1.0의 크기가 $mb MB입니다. 10 MB보다 작아야 합니다. 마지막 스테이지가 아직 python 기반인가요?"
  exit 1
fi
if ! docker run --rm --entrypoint /bin/busybox tiny:1.0 true >/dev/null 2>&1; then
  say "tiny:1.0 has no /bin/busybox: base its final stage on busybox (FROM busybox)." \
      "tiny:1.0에 /bin/busybox가 없습니다. 마지막 스테이지를 busybox 기반(FROM busybox)으로 만드세요."
  exit 1
fi
