# Creates the volume, but writes hello.txt into a container's own layer instead of into it.
docker volume create notes
docker run --name writer busybox sh -c 'echo "Volumes outlive containers." > /hello.txt'
cd /root
docker run --rm -v notes:/data:ro -v "$PWD":/backup busybox tar -cf /backup/notes.tar -C /data .
docker volume create notes-restored
docker run --rm -v notes-restored:/data -v "$PWD":/backup:ro busybox tar -xf /backup/notes.tar -C /data
