size=$(docker image inspect --format '{{.Size}}' tiny:1.0 2>/dev/null) || {
  say "There is no image tiny:1.0 yet. Write /root/tiny/Dockerfile and build it with docker build -t tiny:1.0 ~/tiny" \
      "아직 tiny:1.0 이미지가 없습니다. /root/tiny/Dockerfile을 작성하고 docker build -t tiny:1.0 ~/tiny 로 빌드하세요."
  exit 1
}
mb=$(( size / 1000000 ))
# Nothing of the build stage's base may be shipped: no layer of a python image.
for image in $(docker images --no-trunc -q python | sort -u); do
  for layer in $(docker image inspect --format '{{join .RootFS.Layers " "}}' "$image"); do
    case " $(docker image inspect --format '{{join .RootFS.Layers " "}}' tiny:1.0) " in
      *" $layer "*)
        say "tiny:1.0 ships layers of the python image ($mb MB): the build stage ended up in the image. Only the last FROM becomes the image: end with FROM busybox and COPY --from the page." \
            "tiny:1.0에 python 이미지의 레이어가 들어 있습니다($mb MB). 빌드 스테이지가 이미지에 그대로 남았습니다. 마지막 FROM만 이미지가 되니 FROM busybox로 끝내고 페이지만 COPY --from으로 가져오세요."
        exit 1 ;;
    esac
  done
done
if [ "$size" -ge 10000000 ]; then
  say "tiny:1.0 is $mb MB; it must be under 10 MB. Is the final stage still based on python?" \
      "tiny:1.0의 크기가 $mb MB입니다. 10 MB보다 작아야 합니다. 마지막 스테이지가 아직 python 기반인가요?"
  exit 1
fi
# The final stage is busybox if tiny's layers start with a busybox image's layers.
layers=$(docker image inspect --format '{{join .RootFS.Layers " "}}' tiny:1.0)
based=
for image in $(docker images --no-trunc -q busybox | sort -u); do
  case "$layers " in "$(docker image inspect --format '{{join .RootFS.Layers " "}}' "$image") "*) based=$image ;; esac
done
if [ -z "$based" ]; then
  say "tiny:1.0's layers do not start with busybox's: its final stage is not based on busybox (FROM busybox)." \
      "tiny:1.0의 레이어가 busybox의 레이어로 시작하지 않습니다. 마지막 스테이지가 busybox 기반(FROM busybox)이 아닙니다."
  exit 1
fi
