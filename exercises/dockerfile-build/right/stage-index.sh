# greeter: WORKDIR and a relative ENTRYPOINT. tiny: the stage copied by its index
# (--from=0), built untagged first and tagged afterwards.
cat > ~/greeter/Dockerfile <<'DOCKERFILE'
FROM busybox
WORKDIR /app
COPY greet.sh .
ENV GREETING=Hello
ENTRYPOINT ["./greet.sh"]
CMD ["world"]
DOCKERFILE
cd ~/greeter && docker build -t greeter:1.0 .

cat > ~/tiny/Dockerfile <<'DOCKERFILE'
FROM python:3.11-slim
WORKDIR /work
COPY make_page.py ./
RUN python make_page.py page.html

FROM busybox
COPY --from=0 /work/page.html /srv/page.html
CMD ["cat", "/srv/page.html"]
DOCKERFILE
docker build -t tiny ~/tiny
docker tag tiny tiny:1.0
