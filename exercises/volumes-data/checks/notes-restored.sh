want='Volumes outlive containers.'
if ! docker volume inspect notes-restored >/dev/null 2>&1; then
  say "There is no volume named notes-restored yet. A folder called notes-restored is not a volume: docker volume create notes-restored" \
      "아직 notes-restored라는 볼륨이 없습니다. 같은 이름의 폴더는 볼륨이 아닙니다. docker volume create notes-restored 로 만드세요."
  exit 1
fi
# Read the volume where the engine keeps it, without starting a container.
data=$(docker volume inspect --format '{{.Mountpoint}}' notes-restored)
files=$(cd "$data" 2>/dev/null && find . -type f | sed 's|^\./||' | sort)
if [ -z "$files" ]; then
  say "The volume notes-restored is empty. Extract the backup into it: tar -xf /backup/notes.tar -C /data, with the volume mounted on /data." \
      "notes-restored 볼륨이 비어 있습니다. 볼륨을 /data에 마운트하고 tar -xf /backup/notes.tar -C /data 로 백업을 풀어 넣으세요."
  exit 1
fi
got=$(cat "$data/hello.txt" 2>/dev/null)
if [ "$got" != "$want" ]; then
  say "notes-restored has no hello.txt saying \"$want\" at its top level (its files: $(printf '%s ' $files))." \
      "notes-restored 볼륨의 최상위에 \"$want\"라고 적힌 hello.txt가 없습니다(들어 있는 파일: $(printf '%s ' $files))."
  exit 1
fi
if [ -f /root/notes.tar ]; then
  in_tar=$(tar -tf /root/notes.tar 2>/dev/null | grep -v '/$' | sed 's|^\./||' | sort)
  if [ "$files" != "$in_tar" ]; then
    say "notes-restored holds $(printf '%s ' $files)but /root/notes.tar holds $(printf '%s ' $in_tar)— restore it from the backup." \
        "notes-restored 볼륨에는 $(printf '%s ' $files)파일이, /root/notes.tar에는 $(printf '%s ' $in_tar)파일이 있습니다. 백업에서 복원하세요."
    exit 1
  fi
fi
