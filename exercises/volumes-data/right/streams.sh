# Volumes made by -v on first use; the note, the backup and the restore all
# through the containers' stdin and stdout.
echo 'Volumes outlive containers.' | docker run -i --rm -v notes:/data busybox sh -c 'cat > /data/hello.txt'
docker run --rm -v notes:/data:ro busybox tar -cf - -C /data . > /root/notes.tar
docker run --rm -i -v notes-restored:/data busybox tar -xf - -C /data < /root/notes.tar
