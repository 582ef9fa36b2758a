IP=/sbin/ip
check_addr() {
  local ns=$1 want=$2 line
  line=$($IP -n "$ns" -o -4 addr show 2>/dev/null | grep " inet $want/" | head -n1)
  if [ -z "$line" ]; then
    local have
    have=$($IP -n "$ns" -o -4 addr show 2>/dev/null | awk '$2 != "lo" { printf "%s%s", sep, $4; sep = ", " }')
    say "The namespace $ns has no address $want yet (it has: ${have:-none})." "$ns 네임스페이스에 아직 $want 주소가 없습니다 (있는 주소: ${have:-없음})."
    exit 1
  fi
  case "$line" in
    *" inet $want/24 "*) ;;
    *) say "$ns has $(printf '%s' "$line" | awk '{ print $4 }'), not $want/24: without the /24 it has no route to the other side." "$ns의 $want 주소가 /24로 붙어 있지 않습니다. /24가 없으면 반대편으로 가는 경로가 생기지 않습니다."; exit 1 ;;
  esac
}
check_addr red 10.0.0.1
check_addr blue 10.0.0.2
if ! $IP netns exec red ping -c1 -W2 10.0.0.2 >/dev/null 2>&1; then
  say "The addresses are there, but ping from red to 10.0.0.2 gets no answer. Are both veth ends up (ip -n red link, ip -n blue link)?" "주소는 있지만 red에서 10.0.0.2로 보낸 ping에 응답이 없습니다. veth 양쪽 끝이 모두 up 상태인지 확인하세요 (ip -n red link, ip -n blue link)."
  exit 1
fi
