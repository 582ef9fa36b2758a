if [ ! -e /root/jail ]; then
  say "There is no directory /root/jail yet." "아직 /root/jail 디렉터리가 없습니다."
  exit 1
fi
# Links are followed, as chroot follows them: a jail built elsewhere and linked is a jail.
jail=$(realpath /root/jail)
if [ ! -d "$jail" ]; then
  say "/root/jail leads to $jail, which is not a directory." "/root/jail이 가리키는 $jail은(는) 디렉터리가 아닙니다."
  exit 1
fi
if [ "$(stat -c %d:%i "$jail")" = "$(stat -c %d:%i /)" ]; then
  say "/root/jail leads to $jail, the sandbox's own root, not a root of its own." "/root/jail이 가리키는 $jail은(는) 별도의 루트가 아니라 샌드박스의 루트 그 자체입니다."
  exit 1
fi
out=$(chroot /root/jail /bin/sh -c 'echo hi' 2>&1)
if [ "$out" = hi ]; then exit 0; fi
if [ ! -e "$jail/bin/sh" ] && [ ! -L "$jail/bin/sh" ]; then
  say "There is no /bin/sh inside the jail ($jail/bin/sh in the sandbox)." "감옥 안에 /bin/sh(샌드박스에서는 $jail/bin/sh)가 없습니다."
  exit 1
fi
if [ -L "$jail/bin/sh" ]; then
  target=$(readlink "$jail/bin/sh")
  say "chroot /root/jail /bin/sh -c 'echo hi' does not print hi: it says \"$out\". Inside the jail, /bin/sh is a link to $target, which is looked up inside the jail too." \
      "chroot /root/jail /bin/sh -c 'echo hi'가 hi를 출력하지 않습니다. 출력: \"$out\". 감옥 안의 /bin/sh는 $target을(를) 가리키는 링크이고, 이 경로도 감옥 안에서 찾습니다."
  exit 1
fi
say "chroot /root/jail /bin/sh -c 'echo hi' does not print hi yet. It says: \"$out\"" \
    "chroot /root/jail /bin/sh -c 'echo hi'가 아직 hi를 출력하지 않습니다. 출력: \"$out\""
exit 1
