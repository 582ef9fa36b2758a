if [ ! -f /root/lower/old.log ]; then
  say "/root/lower/old.log is gone from the lower layer itself. Delete it through /root/merged instead, so the lower layer stays as it was." \
      "/root/lower/old.log가 아래 레이어에서 아예 사라졌습니다. 아래 레이어는 그대로 두고 /root/merged를 통해 지워야 합니다."
  exit 1
fi
if [ ! -e /root/upper/old.log ]; then
  say "There is no whiteout for old.log in /root/upper yet: delete old.log through /root/merged." \
      "/root/upper에 old.log의 화이트아웃이 아직 없습니다. /root/merged에서 old.log를 지우세요."
  exit 1
fi
if [ ! -c /root/upper/old.log ] || [ "$(stat -c '%t:%T' /root/upper/old.log)" != 0:0 ]; then
  say "/root/upper/old.log exists, but it is a $(stat -c %F /root/upper/old.log), not a whiteout (a character device 0/0). Let overlayfs make it: delete the file through /root/merged." \
      "/root/upper/old.log가 있지만 화이트아웃(0/0 문자 장치)이 아닙니다. 직접 만들지 말고 /root/merged에서 파일을 지워 overlayfs가 만들게 하세요."
  exit 1
fi
# overlayfs makes its whiteouts with no permissions at all (mode 000); mknod makes them 644 unless told otherwise.
mode=$(stat -c %a /root/upper/old.log)
if [ "$mode" != 0 ]; then
  say "/root/upper/old.log is a character device 0/0 with mode $mode: made by hand (mknod). overlayfs makes its own whiteouts with mode 000. Remove it and delete old.log through /root/merged." \
      "/root/upper/old.log는 모드가 $mode인 0/0 문자 장치입니다. mknod로 직접 만든 것입니다. overlayfs가 만드는 화이트아웃은 모드가 000입니다. 지우고 /root/merged에서 old.log를 지우세요."
  exit 1
fi
if ! awk -v point="$(realpath /root/merged)" '$2 == point && $3 == "overlay" { found = 1 } END { exit !found }' /proc/self/mounts; then
  say "The overlay is no longer mounted on /root/merged; mount it again." "/root/merged에 overlay가 마운트되어 있지 않습니다. 다시 마운트하세요."
  exit 1
fi
if [ -e /root/merged/old.log ]; then
  say "old.log is still visible in /root/merged." "/root/merged에 old.log가 아직 보입니다."
  exit 1
fi
