if [ ! -d /root/jail ] || [ -L /root/jail ]; then
  say "There is no directory /root/jail yet." "아직 /root/jail 디렉터리가 없습니다."
  exit 1
fi
if [ "$(stat -c %d:%i /root/jail/)" = "$(stat -c %d:%i /)" ]; then
  say "/root/jail is the sandbox's own root, not a root of its own." "/root/jail이 별도의 루트가 아니라 샌드박스의 루트 그 자체입니다."
  exit 1
fi
if [ ! -e /root/jail/bin/sh ] && [ ! -L /root/jail/bin/sh ]; then
  say "There is no /bin/sh inside the jail (/root/jail/bin/sh)." "감옥 안에 /bin/sh(/root/jail/bin/sh)가 없습니다."
  exit 1
fi
out=$(chroot /root/jail /bin/sh -c 'echo hi' 2>&1)
if [ "$out" != hi ]; then
  say "chroot /root/jail /bin/sh -c 'echo hi' does not print hi yet. It says: $out" \
      "chroot /root/jail /bin/sh -c 'echo hi'가 아직 hi를 출력하지 않습니다. 출력: $out"
  exit 1
fi
