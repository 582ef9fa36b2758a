jail=$(realpath /root/jail 2>/dev/null)
if [ -z "$jail" ] || [ ! -d "$jail" ]; then
  say "There is no jail at /root/jail yet." "아직 /root/jail에 감옥이 없습니다."
  exit 1
fi
point="${jail%/}/proc"
# The mount table of the sandbox: mount point (field 5) and type (after " - ").
type=$(awk -v point="$point" '$5 == point { for (i = 7; $i != "-"; i++); type = $(i + 1) } END { print type }' /proc/self/mountinfo)
if [ "$type" != proc ]; then
  say "Nothing of type proc is mounted on $point${type:+ (the last mount there is $type)}." \
      "$point에 proc 파일시스템이 마운트되어 있지 않습니다${type:+ (마지막으로 마운트된 것은 $type입니다)}."
  exit 1
fi
# Through the jail's own /bin/sh: a bare "ps" would make the grader's busybox chroot run its own applet.
out=$(chroot /root/jail /bin/sh -c ps 2>&1)
if [ "$(printf '%s\n' "$out" | wc -l)" -lt 3 ]; then
  say "proc is mounted, but ps in the jail does not list processes yet: it says \"$out\". It needs a working busybox with its applets." \
      "proc은 마운트되었지만 감옥 안의 ps가 아직 프로세스를 보여 주지 않습니다. 출력: \"$out\". 애플릿까지 설치된 busybox가 필요합니다."
  exit 1
fi
