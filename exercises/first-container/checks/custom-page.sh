page=$(curl -fsS -m 3 http://127.0.0.1:8080/ 2>/dev/null)
if [ -z "$page" ]; then
  say "Nothing answers on http://localhost:8080 yet." "아직 http://localhost:8080에서 응답이 없습니다."
  exit 1
fi
if ! printf '%s' "$page" | grep -q 'Hello, Dockyard'; then
  say "The page on port 8080 does not say \"Hello, Dockyard\" yet; it begins: $(printf '%s' "$page" | tr -s ' \n' ' ' | cut -c1-80)" \
      "8080 포트의 페이지에 아직 \"Hello, Dockyard\"가 없습니다. 페이지 시작 부분: $(printf '%s' "$page" | tr -s ' \n' ' ' | cut -c1-80)"
  exit 1
fi
# How the page got there: a folder (or file) of the sandbox bind-mounted where nginx serves from.
html=/usr/share/nginx/html
mount=$(docker inspect --format '{{range .Mounts}}{{.Type}}|{{.Name}}|{{.Source}}|{{.Destination}}{{"\n"}}{{end}}' web 2>/dev/null |
  awk -F'|' -v html="$html" '$4 != "" && ($4 == html || $4 == html "/index.html" || index(html "/", $4 "/") == 1) { print }' | tail -n 1)
if [ -z "$mount" ]; then
  say "web serves \"Hello, Dockyard\", but nothing is mounted on $html: the page is in the container's own layer (written with docker exec or docker cp) and goes with it. Serve it from a folder of yours: -v /root/site:$html" \
      "web이 \"Hello, Dockyard\"를 보여 주지만 $html에 아무것도 마운트되어 있지 않습니다. 페이지가 컨테이너 자체 레이어에 있어서(docker exec나 docker cp로 쓴 것) 컨테이너와 함께 사라집니다. 내 폴더를 마운트해서 보여 주세요: -v /root/site:$html"
  exit 1
fi
IFS='|' read -r type name source destination <<< "$mount"
if [ "$type" != bind ]; then
  say "web mounts the $type $name on $destination, not a folder of yours. -v NAME:… names a volume; a path (/root/site, ~/site) means a bind mount of that folder." \
      "web은 $destination에 내 폴더가 아니라 $type $name을(를) 마운트하고 있습니다. -v 이름:…은 볼륨을 뜻하고, 경로(/root/site, ~/site)를 써야 그 폴더를 바인드 마운트합니다."
  exit 1
fi
case "$destination" in
  */index.html) file=$source ;;
  *) file="$source${html#"$destination"}/index.html" ;;
esac
if [ "$(cat "$file" 2>/dev/null)" != "$page" ]; then
  say "web bind-mounts $source on $destination, but the page on port 8080 is not $file." \
      "web은 $source를 $destination에 바인드 마운트하지만, 8080 포트의 페이지는 $file의 내용이 아닙니다."
  exit 1
fi
