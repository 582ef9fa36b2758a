if [ ! -f /root/kernel.txt ]; then
  say "There is no /root/kernel.txt yet." "아직 /root/kernel.txt 파일이 없습니다."
  exit 1
fi
want=$(uname -r)
got=$(tr -d ' \t\r\n' < /root/kernel.txt)
if [ "$got" = "$want" ]; then
  exit 0
fi
case "$(cat /root/kernel.txt)" in
  *"$want"*)
    say "/root/kernel.txt contains the kernel release, but more besides. Keep only what uname -r prints." \
        "/root/kernel.txt에 커널 릴리스 말고 다른 내용도 들어 있습니다. uname -r의 출력만 남기세요." ;;
  *)
    say "/root/kernel.txt does not hold the kernel release of this sandbox." \
        "/root/kernel.txt의 내용이 이 샌드박스의 커널 릴리스와 다릅니다." ;;
esac
exit 1
