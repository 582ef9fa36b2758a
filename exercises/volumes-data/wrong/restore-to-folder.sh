# Restores into a folder of the sandbox through a bind mount instead of into a volume.
docker volume create notes
docker run --rm -v notes:/data busybox sh -c 'echo "Volumes outlive containers." > /data/hello.txt'
cd /root
docker run --rm -v notes:/data:ro -v "$PWD":/backup busybox tar -cf /backup/notes.tar -C /data .
mkdir -p /root/notes-restored
docker run --rm -v /root/notes-restored:/data -v "$PWD":/backup:ro busybox tar -xf /backup/notes.tar -C /data
