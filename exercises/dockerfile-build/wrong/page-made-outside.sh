# Makes the page outside the build, with a python container writing into ~/tiny,
# then builds a single busybox stage that copies it in.
cat > ~/greeter/Dockerfile <<'DOCKERFILE'
FROM busybox
COPY greet.sh /usr/local/bin/greet
ENV GREETING=Hello
ENTRYPOINT ["greet"]
CMD ["world"]
DOCKERFILE
docker build -t greeter:1.0 ~/greeter

docker run --rm -v /root/tiny:/work -w /work python:3.11-slim python make_page.py page.html
cat > ~/tiny/Dockerfile <<'DOCKERFILE'
FROM busybox
COPY page.html /page.html
CMD ["cat", "/page.html"]
DOCKERFILE
docker build -t tiny:1.0 ~/tiny
