target=/root/from-container.txt
if [ -d "$target" ]; then
  say "$target is a directory: you copied the folder /data. Remove it (rm -r $target) and copy the file /data/note.txt itself." \
      "$target가 디렉터리입니다. /data 폴더를 통째로 복사했습니다. rm -r $target 로 지우고 /data/note.txt 파일만 복사하세요."
  exit 1
fi
if [ ! -f "$target" ]; then
  say "There is no file $target yet. Copy /data/note.txt out of the container notes with docker cp." \
      "아직 $target 파일이 없습니다. docker cp로 notes 컨테이너의 /data/note.txt를 꺼내 오세요."
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! docker cp notes:/data/note.txt "$tmp/note.txt" >/dev/null 2>&1; then
  say "The container notes or its /data/note.txt is gone, so there is nothing to compare with. It was created when you opened this exercise." \
      "notes 컨테이너나 그 안의 /data/note.txt가 없어서 비교할 수 없습니다. 이 연습 문제를 열 때 만들어진 컨테이너입니다."
  exit 1
fi
if ! cmp -s "$tmp/note.txt" "$target"; then
  say "$target does not match /data/note.txt in the container notes." "$target의 내용이 notes 컨테이너의 /data/note.txt와 다릅니다."
  exit 1
fi
