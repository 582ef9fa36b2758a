if ! docker image inspect greeter:1.0 >/dev/null 2>&1; then
  say "There is no image greeter:1.0 yet." "아직 greeter:1.0 이미지가 없습니다."
  exit 1
fi
out=$(docker run --rm greeter:1.0 Dockyard 2>&1)
case "$out" in
  *", Dockyard!") ;;
  *executable\ file\ not\ found*)
    say "docker run greeter:1.0 Dockyard tried to run a program called Dockyard: the argument replaced CMD. Put the script in ENTRYPOINT and only the default name in CMD." \
        "docker run greeter:1.0 Dockyard 가 Dockyard라는 프로그램을 실행하려 했습니다. 인자가 CMD를 통째로 바꿨기 때문입니다. 스크립트는 ENTRYPOINT에, 기본 이름만 CMD에 두세요."
    exit 1 ;;
  *)
    say "docker run --rm greeter:1.0 Dockyard printed \"$out\" instead of \"Hello, Dockyard!\"." \
        "docker run --rm greeter:1.0 Dockyard 의 출력이 \"Hello, Dockyard!\"가 아니라 \"$out\"입니다."
    exit 1 ;;
esac
