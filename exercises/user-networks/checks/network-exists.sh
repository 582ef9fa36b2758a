driver=$(docker network inspect --format '{{.Driver}}' appnet 2>/dev/null) || {
  say "There is no network named appnet yet." "아직 appnet이라는 네트워크가 없습니다."
  exit 1
}
if [ "$driver" != bridge ]; then
  say "appnet uses the $driver driver; make it a bridge network." "appnet의 드라이버가 $driver입니다. bridge 네트워크로 만드세요."
  exit 1
fi
