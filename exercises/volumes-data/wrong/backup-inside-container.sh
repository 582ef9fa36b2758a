# Writes the tar file inside a throw-away container without a bind mount: it is gone with
# the container, and the restore has nothing to read.
docker volume create notes
docker run --rm -v notes:/data busybox sh -c 'echo "Volumes outlive containers." > /data/hello.txt'
docker run --rm -v notes:/data:ro busybox tar -cf /notes.tar -C /data .
docker volume create notes-restored
docker run --rm -v notes-restored:/data -v /root:/backup:ro busybox tar -xf /backup/notes.tar -C /data
