# The last mount on /root/merged must be an overlay of /root/lower, /root/upper and /root/work.
line=$(awk '$2 == "/root/merged" { l = $3 " " $4 } END { print l }' /proc/self/mounts)
if [ -z "$line" ]; then
  say "Nothing is mounted on /root/merged yet. Create upper, work and merged, then mount -t overlay." \
      "아직 /root/merged에 아무것도 마운트되어 있지 않습니다. upper, work, merged 디렉터리를 만들고 mount -t overlay로 마운트하세요."
  exit 1
fi
fstype=${line%% *}
options=${line#* }
if [ "$fstype" != overlay ]; then
  say "/root/merged is mounted, but as $fstype, not overlay." "/root/merged가 마운트되어 있지만 overlay가 아니라 $fstype입니다."
  exit 1
fi
# Value of one mount option, made absolute (relative paths were given from /root) and without a trailing slash.
dir_of() {
  local value
  value=$(printf '%s\n' "$options" | tr ',' '\n' | sed -n "s/^$1=//p" | head -n 1)
  printf '%s\n' "$value" | tr ':' '\n' | while read -r d; do
    [ -n "$d" ] || continue
    while [ "${d#./}" != "$d" ]; do d=${d#./}; done
    case "$d" in /*) ;; *) d="/root/$d" ;; esac
    printf '%s\n' "${d%/}"
  done
}
if ! dir_of lowerdir | grep -qx /root/lower; then
  say "The overlay on /root/merged does not use /root/lower as its lowerdir." "/root/merged의 overlay가 /root/lower를 lowerdir로 쓰고 있지 않습니다."
  exit 1
fi
if [ "$(dir_of upperdir)" != /root/upper ]; then
  say "The overlay on /root/merged must use /root/upper as its upperdir." "/root/merged의 overlay는 /root/upper를 upperdir로 써야 합니다."
  exit 1
fi
if [ "$(dir_of workdir)" != /root/work ]; then
  say "The overlay on /root/merged must use /root/work as its workdir." "/root/merged의 overlay는 /root/work를 workdir로 써야 합니다."
  exit 1
fi
