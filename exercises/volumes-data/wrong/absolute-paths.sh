# Archives /data instead of the contents of /data: every entry starts with data/,
# so the restore lands in /data/data/hello.txt.
docker volume create notes
docker run --rm -v notes:/data busybox sh -c 'echo "Volumes outlive containers." > /data/hello.txt'
cd /root
docker run --rm -v notes:/data:ro -v "$PWD":/backup busybox tar -cf /backup/notes.tar /data
docker volume create notes-restored
docker run --rm -v notes-restored:/data -v "$PWD":/backup:ro busybox tar -xf /backup/notes.tar -C /data
