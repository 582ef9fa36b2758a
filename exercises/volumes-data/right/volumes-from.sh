# --mount syntax, a data container and --volumes-from for the backup, files named
# instead of ".", a working directory instead of -C.
docker volume create notes
docker run --rm --mount type=volume,src=notes,dst=/data docker.io/library/busybox sh -c 'printf "Volumes outlive containers.\n" > /data/hello.txt'
docker create --name keeper -v notes:/data busybox
docker run --rm --volumes-from keeper -v /root:/backup busybox sh -c 'cd /data && tar -cf /backup/notes.tar hello.txt'
docker volume create notes-restored
docker run --rm -v notes-restored:/restore -v /root/notes.tar:/notes.tar:ro -w /restore busybox tar -xf /notes.tar
