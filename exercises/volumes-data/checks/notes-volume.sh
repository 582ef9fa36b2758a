want='Volumes outlive containers.'
if ! docker volume inspect notes >/dev/null 2>&1; then
  say "There is no volume named notes yet: docker volume create notes" \
      "아직 notes라는 볼륨이 없습니다. docker volume create notes 로 만드세요."
  exit 1
fi
if ! docker run --rm -v notes:/data:ro busybox test -f /data/hello.txt >/dev/null 2>&1; then
  say "The volume notes has no hello.txt at its top level. Mount it (-v notes:/data) and write /data/hello.txt from a container." \
      "notes 볼륨의 최상위에 hello.txt가 없습니다. 볼륨을 마운트(-v notes:/data)한 컨테이너에서 /data/hello.txt를 쓰세요."
  exit 1
fi
got=$(docker run --rm -v notes:/data:ro busybox cat /data/hello.txt 2>&1)
if [ "$got" != "$want" ]; then
  say "hello.txt in notes says \"$got\", not \"$want\"." \
      "notes 볼륨의 hello.txt 내용이 \"$want\"가 아니라 \"$got\"입니다."
  exit 1
fi
