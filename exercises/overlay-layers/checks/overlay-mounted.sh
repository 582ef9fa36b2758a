# The last mount on /root/merged must be an overlay of /root/lower, /root/upper and /root/work.
merged=$(realpath /root/merged 2>/dev/null || echo /root/merged)
line=$(awk -v point="$merged" '$5 == point { for (i = 7; $i != "-"; i++); l = $(i + 1) " " $(i + 3) } END { print l }' /proc/self/mountinfo)
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
# The directories a mount option names, resolved (links followed; relative paths were given from /root).
dirs_of() {
  printf '%s\n' "$options" | tr ',' '\n' | sed -n "s/^$1=//p" | head -n 1 | tr ':' '\n' | while read -r d; do
    [ -n "$d" ] || continue
    case "$d" in /*) ;; *) d="/root/$d" ;; esac
    realpath "$d" 2>/dev/null || printf '%s\n' "$d"
  done
}
check_layer() {
  local option=$1 want=$2 got
  got=$(dirs_of "$option")
  if ! printf '%s\n' "$got" | grep -qx "$(realpath "$want")"; then
    say "The overlay on /root/merged uses $(printf '%s' "$got" | tr '\n' ' ' | sed 's/ $//;s/ /, /g') as its $option, not $want." \
        "/root/merged의 overlay가 $want이(가) 아니라 $(printf '%s' "$got" | tr '\n' ' ' | sed 's/ $//;s/ /, /g')을(를) $option로 쓰고 있습니다."
    exit 1
  fi
}
check_layer lowerdir /root/lower
check_layer upperdir /root/upper
check_layer workdir /root/work
