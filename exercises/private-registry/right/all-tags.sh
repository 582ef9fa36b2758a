# registry:latest on 127.0.0.1 only with a named volume; the second tag made from
# the first; both pushed at once with --all-tags.
docker run -d --name registry -p 127.0.0.1:5000:5000 -v registry-data:/var/lib/registry registry:latest
for _ in $(seq 50); do curl -fs localhost:5000/v2/ >/dev/null && break; sleep 0.2; done
docker pull busybox:latest
docker tag busybox:latest localhost:5000/tools/busybox:1.0
docker tag localhost:5000/tools/busybox:1.0 localhost:5000/tools/busybox:1.1
docker push --all-tags localhost:5000/tools/busybox
