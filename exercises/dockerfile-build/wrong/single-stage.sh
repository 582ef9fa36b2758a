# Builds the page and ships it in the python image: it works, but weighs about 200 MB.
cat > ~/greeter/Dockerfile <<'DOCKERFILE'
FROM busybox
COPY greet.sh /usr/local/bin/greet
ENV GREETING=Hello
ENTRYPOINT ["greet"]
CMD ["world"]
DOCKERFILE
docker build -t greeter:1.0 ~/greeter

cat > ~/tiny/Dockerfile <<'DOCKERFILE'
FROM python:3.11-slim
WORKDIR /src
COPY make_page.py .
RUN python make_page.py /src/page.html
CMD ["cat", "/src/page.html"]
DOCKERFILE
docker build -t tiny:1.0 ~/tiny
