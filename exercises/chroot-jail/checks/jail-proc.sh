if ! awk '$2 == "/root/jail/proc" && $3 == "proc" { found = 1 } END { exit !found }' /proc/mounts; then
  say "Nothing of type proc is mounted on /root/jail/proc." "/root/jail/proc에 proc 파일시스템이 마운트되어 있지 않습니다."
  exit 1
fi
lines=$(chroot /root/jail /bin/ps 2>/dev/null | wc -l)
if [ "$lines" -lt 3 ]; then
  say "proc is mounted, but ps does not run in the jail yet: it needs a working busybox with its applets." \
      "proc은 마운트되었지만 감옥 안에서 아직 ps가 실행되지 않습니다. 애플릿까지 설치된 busybox가 필요합니다."
  exit 1
fi
