want='Welcome to the jail'
jail=$(realpath /root/jail 2>/dev/null)
if [ -z "$jail" ] || [ ! -d "$jail" ]; then
  say "There is no jail at /root/jail yet." "아직 /root/jail에 감옥이 없습니다."
  exit 1
fi
if ! chroot /root/jail /bin/sh -c 'exit 0' >/dev/null 2>&1; then
  say "Nothing runs inside the jail yet, so nothing in it can read /etc/motd: it needs a working /bin/sh first." \
      "아직 감옥 안에서 아무것도 실행되지 않아 /etc/motd를 읽을 수 없습니다. 먼저 동작하는 /bin/sh가 있어야 합니다."
  exit 1
fi
# Read /etc/motd as the jail sees it (its links resolved inside the jail), with the shell's own read.
seen=$(chroot /root/jail /bin/sh -c 'while IFS= read -r line || [ -n "$line" ]; do printf "%s\n" "$line"; done < /etc/motd' 2>&1) && [ "$seen" = "$want" ] && exit 0
if ! chroot /root/jail /bin/sh -c '[ -e /etc/motd ]' 2>/dev/null; then
  if [ -L "$jail/etc/motd" ]; then
    say "Inside the jail, /etc/motd is a link to $(readlink "$jail/etc/motd"), which does not exist there: inside the jail, absolute links point into the jail." \
        "감옥 안에서 /etc/motd는 $(readlink "$jail/etc/motd")을(를) 가리키는 링크인데, 감옥 안에는 그런 파일이 없습니다. 감옥 안에서는 절대 경로 링크도 감옥 안을 가리킵니다."
  elif [ "$(cat /etc/motd 2>/dev/null)" = "$want" ]; then
    say "The sandbox's /etc/motd says it, but the jail cannot see that file: write $jail/etc/motd." \
        "샌드박스의 /etc/motd에는 적혀 있지만 감옥에서는 그 파일이 보이지 않습니다. $jail/etc/motd에 쓰세요."
  else
    say "The jail has no /etc/motd yet ($jail/etc/motd in the sandbox)." "감옥에 아직 /etc/motd(샌드박스에서는 $jail/etc/motd)가 없습니다."
  fi
  exit 1
fi
say "Inside the jail, /etc/motd says \"$seen\"; it should say exactly: $want" \
    "감옥 안의 /etc/motd 내용이 \"$seen\"입니다. 정확히 $want 만 들어 있어야 합니다."
exit 1
