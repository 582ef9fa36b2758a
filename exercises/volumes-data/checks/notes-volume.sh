want='Volumes outlive containers.'
if ! docker volume inspect notes >/dev/null 2>&1; then
  say "There is no volume named notes yet: docker volume create notes" \
      "아직 notes라는 볼륨이 없습니다. docker volume create notes 로 만드세요."
  exit 1
fi
# Read the volume where the engine keeps it, without starting a container.
data=$(docker volume inspect --format '{{.Mountpoint}}' notes)
if [ ! -f "$data/hello.txt" ]; then
  files=$(cd "$data" 2>/dev/null && find . -mindepth 1 | sed 's|^\./||' | head -n 10 | tr '\n' ' ')
  say "The volume notes has no hello.txt at its top level (it holds: ${files:-nothing}). Mount it (-v notes:/data) and write /data/hello.txt from a container." \
      "notes 볼륨의 최상위에 hello.txt가 없습니다(들어 있는 것: ${files:-없음}). 볼륨을 마운트(-v notes:/data)한 컨테이너에서 /data/hello.txt를 쓰세요."
  exit 1
fi
got=$(cat "$data/hello.txt")
if [ "$got" != "$want" ]; then
  say "hello.txt in notes says \"$got\", not \"$want\"." \
      "notes 볼륨의 hello.txt 내용이 \"$want\"가 아니라 \"$got\"입니다."
  exit 1
fi
