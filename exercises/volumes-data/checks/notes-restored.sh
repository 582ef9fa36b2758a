want='Volumes outlive containers.'
if ! docker volume inspect notes-restored >/dev/null 2>&1; then
  say "There is no volume named notes-restored yet. A folder called notes-restored is not a volume: docker volume create notes-restored" \
      "아직 notes-restored라는 볼륨이 없습니다. 같은 이름의 폴더는 볼륨이 아닙니다. docker volume create notes-restored 로 만드세요."
  exit 1
fi
files=$(docker run --rm -v notes-restored:/data:ro -w /data busybox find . -type f 2>/dev/null | sed 's|^\./||' | sort)
if [ -z "$files" ]; then
  say "The volume notes-restored is empty. Extract the backup into it: tar -xf /backup/notes.tar -C /data, with the volume mounted on /data." \
      "notes-restored 볼륨이 비어 있습니다. 볼륨을 /data에 마운트하고 tar -xf /backup/notes.tar -C /data 로 백업을 풀어 넣으세요."
  exit 1
fi
got=$(docker run --rm -v notes-restored:/data:ro busybox cat /data/hello.txt 2>/dev/null)
if [ "$got" != "$want" ]; then
  say "notes-restored has no /hello.txt saying \"$want\" at its top level (its files: $(printf '%s ' $files))." \
      "notes-restored 볼륨의 최상위에 \"$want\"라고 적힌 hello.txt가 없습니다(들어 있는 파일: $(printf '%s ' $files))."
  exit 1
fi
if [ -f /root/notes.tar ]; then
  in_tar=$(tar -tf /root/notes.tar 2>/dev/null | grep -v '/$' | sed 's|^\./||' | sort)
  if [ "$files" != "$in_tar" ]; then
    say "notes-restored does not hold the same files as /root/notes.tar. Restore it from the backup." \
        "notes-restored 볼륨의 파일이 /root/notes.tar와 다릅니다. 백업에서 복원하세요."
    exit 1
  fi
fi
