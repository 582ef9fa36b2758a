# Pushes nginx under the name tools/busybox: the name says busybox, the image is not.
docker run -d -p 5000:5000 --name registry registry:2
for _ in $(seq 50); do curl -fs localhost:5000/v2/ >/dev/null && break; sleep 0.2; done
docker pull busybox
docker pull nginx
docker tag nginx localhost:5000/tools/busybox:1.0
docker push localhost:5000/tools/busybox:1.0
docker tag nginx localhost:5000/tools/busybox:1.1
docker push localhost:5000/tools/busybox:1.1
