for name in blue green; do
  if [ "$(docker inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
    say "$name is not running yet." "$name 컨테이너가 아직 실행 중이 아닙니다."
    exit 1
  fi
done
blue=$(docker inspect --format '{{.Image}}' blue)
green=$(docker inspect --format '{{.Image}}' green)
if [ "$blue" != "$green" ]; then
  say "blue runs $(docker inspect --format '{{.Config.Image}}' blue) and green runs $(docker inspect --format '{{.Config.Image}}' green): two different images. Run both from one image." "blue는 $(docker inspect --format '{{.Config.Image}}' blue), green은 $(docker inspect --format '{{.Config.Image}}' green) 이미지로, 서로 다른 이미지입니다. 하나의 이미지로 둘 다 실행하세요."
  exit 1
fi
if docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$blue" | grep -q '^MESSAGE='; then
  say "The image itself sets MESSAGE (ENV in its Dockerfile). Configuration belongs to the container, not the image: use an image without MESSAGE." "이미지 자체에 MESSAGE가 들어 있습니다(Dockerfile의 ENV). 설정은 이미지가 아니라 컨테이너에 주어야 합니다. MESSAGE가 없는 이미지를 쓰세요."
  exit 1
fi
