lower=$(cat /root/lower/config.txt 2>/dev/null)
if [ "$lower" != version=1 ]; then
  say "/root/lower/config.txt no longer says version=1. The lower layer must stay untouched: change the file through /root/merged. (To start over: umount /root/merged, rm -rf /root/upper /root/work, and put version=1 back.)" \
      "/root/lower/config.txt의 내용이 더 이상 version=1이 아닙니다. 아래 레이어는 그대로 두고 /root/merged를 통해 바꿔야 합니다. (처음부터 다시 하려면 umount /root/merged 후 rm -rf /root/upper /root/work 하고 version=1을 되돌려 놓으세요.)"
  exit 1
fi
upper=$(cat /root/upper/config.txt 2>/dev/null)
if [ "$upper" != version=2 ]; then
  say "/root/upper/config.txt should hold version=2, copied up when you write config.txt through /root/merged." \
      "/root/upper/config.txt에 version=2가 있어야 합니다. /root/merged의 config.txt를 고치면 위 레이어로 복사됩니다."
  exit 1
fi
# Copy-up keeps the lower file's owner; a file written into /root/upper by hand belongs to whoever wrote it.
owner_lower=$(stat -c %u:%g /root/lower/config.txt) owner_upper=$(stat -c %u:%g /root/upper/config.txt)
if [ "$owner_upper" != "$owner_lower" ]; then
  say "/root/upper/config.txt belongs to $owner_upper, but /root/lower/config.txt to $owner_lower: overlayfs keeps the owner when it copies a file up, so this one was written into /root/upper by hand. Write config.txt through /root/merged instead (remove /root/upper/config.txt first)." \
      "/root/upper/config.txt의 소유자는 $owner_upper인데 /root/lower/config.txt는 $owner_lower입니다. overlayfs는 파일을 위로 복사할 때 소유자를 그대로 두니, 이 파일은 /root/upper에 직접 쓴 것입니다. /root/upper/config.txt를 지우고 /root/merged를 통해 config.txt를 고치세요."
  exit 1
fi
if ! awk -v point="$(realpath /root/merged)" '$2 == point && $3 == "overlay" { found = 1 } END { exit !found }' /proc/self/mounts; then
  say "The overlay is no longer mounted on /root/merged; mount it again to see the merged view." \
      "/root/merged에 overlay가 마운트되어 있지 않습니다. 합쳐진 모습을 보려면 다시 마운트하세요."
  exit 1
fi
merged=$(cat /root/merged/config.txt 2>/dev/null)
if [ "$merged" != version=2 ]; then
  say "Through /root/merged, config.txt should read version=2." "/root/merged에서 본 config.txt는 version=2여야 합니다."
  exit 1
fi
