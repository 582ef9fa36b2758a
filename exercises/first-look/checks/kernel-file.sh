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
    say "/root/kernel.txt holds \"$(head -c 200 /root/kernel.txt)\", but the kernel release of this sandbox is $want." \
        "/root/kernel.txt에는 \"$(head -c 200 /root/kernel.txt)\"이(가) 들어 있지만 이 샌드박스의 커널 릴리스는 $want입니다." ;;
esac
exit 1
