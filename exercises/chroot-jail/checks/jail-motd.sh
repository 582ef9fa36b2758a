if [ ! -f /root/jail/etc/motd ]; then
  say "The jail has no /etc/motd yet (/root/jail/etc/motd in the sandbox)." "감옥에 아직 /etc/motd(샌드박스에서는 /root/jail/etc/motd)가 없습니다."
  exit 1
fi
if [ "$(cat /root/jail/etc/motd)" != "Welcome to the jail" ]; then
  say "/root/jail/etc/motd should say exactly: Welcome to the jail" "/root/jail/etc/motd에는 정확히 Welcome to the jail만 들어 있어야 합니다."
  exit 1
fi
if [ "$(chroot /root/jail /bin/cat /etc/motd 2>/dev/null)" != "Welcome to the jail" ]; then
  say "The file is there, but cat /etc/motd does not run inside the jail yet: it needs a working busybox with its applets." \
      "파일은 있지만 감옥 안에서 cat /etc/motd가 아직 실행되지 않습니다. 애플릿까지 설치된 busybox가 필요합니다."
  exit 1
fi
