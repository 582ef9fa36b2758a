# The registry image by its full name; busybox by id; pushed through 127.0.0.1:5000,
# the same registry under another name.
docker run -d --publish 5000:5000/tcp --name registry docker.io/library/registry:2
for _ in $(seq 50); do curl -fs 127.0.0.1:5000/v2/ >/dev/null && break; sleep 0.2; done
docker pull busybox
id=$(docker image inspect -f '{{.Id}}' busybox)
for tag in 1.0 1.1; do
  docker tag "$id" 127.0.0.1:5000/tools/busybox:$tag
  docker push 127.0.0.1:5000/tools/busybox:$tag
done
