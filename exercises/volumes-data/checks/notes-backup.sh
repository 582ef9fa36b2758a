want='Volumes outlive containers.'
tarball=/root/notes.tar
if [ ! -f "$tarball" ]; then
  say "There is no /root/notes.tar yet. Mount the volume and /root into a busybox container and run tar there." \
      "아직 /root/notes.tar가 없습니다. 볼륨과 /root를 busybox 컨테이너에 함께 마운트하고 그 안에서 tar를 실행하세요."
  exit 1
fi
if ! list=$(tar -tf "$tarball" 2>/dev/null); then
  say "/root/notes.tar is not a tar archive." "/root/notes.tar가 tar 아카이브가 아닙니다."
  exit 1
fi
entry=$(printf '%s\n' "$list" | grep -x -E '(\./)?hello\.txt' | head -n 1)
if [ -z "$entry" ]; then
  say "notes.tar has no hello.txt at its top level (it has: $(printf '%s ' $list)). Archive the volume's contents with tar -cf … -C /data . so paths start at the volume." \
      "notes.tar의 최상위에 hello.txt가 없습니다(들어 있는 것: $(printf '%s ' $list)). tar -cf … -C /data . 처럼 볼륨의 내용물을 기준으로 묶어야 경로가 볼륨에서 시작합니다."
  exit 1
fi
got=$(tar -xOf "$tarball" "$entry" 2>/dev/null)
if [ "$got" != "$want" ]; then
  say "hello.txt in notes.tar says \"$got\", not \"$want\". Make the backup again after fixing the volume." \
      "notes.tar 안의 hello.txt 내용이 \"$want\"가 아니라 \"$got\"입니다. 볼륨을 고친 뒤 다시 백업하세요."
  exit 1
fi
