# greeter: the script run by sh, ENV in its old space form, busybox:latest.
# tiny: a python:3.11 stage named builder writing into a folder, the folder copied
# whole, ENTRYPOINT cat with the file as CMD, built with -f.
cat > ~/greeter/Dockerfile <<'DOCKERFILE'
FROM busybox:latest
COPY greet.sh /greet.sh
ENV GREETING Hello
ENTRYPOINT ["/bin/sh", "/greet.sh"]
CMD ["world"]
DOCKERFILE
docker build -t greeter:1.0 ~/greeter

cat > ~/tiny/Dockerfile <<'DOCKERFILE'
FROM python:3.11 AS builder
COPY make_page.py /build/
RUN mkdir /out && python3 /build/make_page.py /out/index.html

FROM docker.io/library/busybox
COPY --from=builder /out/ /www/
ENTRYPOINT ["cat"]
CMD ["/www/index.html"]
DOCKERFILE
docker build -f ~/tiny/Dockerfile -t tiny:1.0 ~/tiny
