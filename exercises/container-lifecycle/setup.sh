# A running container, notes, holding a file whose content nobody can guess.
token=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
docker rm -f notes >/dev/null 2>&1
docker run -d --name notes busybox sleep 86400 >/dev/null
docker exec notes sh -c "mkdir -p /data && echo 'note $token' > /data/note.txt"
