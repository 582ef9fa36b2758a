# Declares the greeting with ARG: it exists while building, not in the container.
cat > ~/greeter/Dockerfile <<'DOCKERFILE'
FROM busybox
COPY greet.sh /usr/local/bin/greet
ARG GREETING=Hello
ENTRYPOINT ["greet"]
CMD ["world"]
DOCKERFILE
docker build -t greeter:1.0 ~/greeter

cat > ~/tiny/Dockerfile <<'DOCKERFILE'
FROM python:3.11-slim AS build
WORKDIR /src
COPY make_page.py .
RUN python make_page.py /src/page.html

FROM busybox
COPY --from=build /src/page.html /page.html
CMD ["cat", "/page.html"]
DOCKERFILE
docker build -t tiny:1.0 ~/tiny
