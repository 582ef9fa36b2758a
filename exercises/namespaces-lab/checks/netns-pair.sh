IP=/sbin/ip
for ns in red blue; do
  if ! $IP -n "$ns" link show >/dev/null 2>&1; then
    say "There is no network namespace named $ns yet (ip netns list shows: $($IP netns list 2>/dev/null | awk '{ printf "%s%s", sep, $1; sep = ", " }'))." \
        "아직 $ns라는 네트워크 네임스페이스가 없습니다 (ip netns list 결과: $($IP netns list 2>/dev/null | awk '{ printf "%s%s", sep, $1; sep = ", " }'))."
    exit 1
  fi
done
for ns in red blue; do
  if [ -z "$($IP -n "$ns" -o link show type veth 2>/dev/null)" ]; then
    links=$($IP -n "$ns" -o link show 2>/dev/null | awk -F': ' '{ printf "%s%s", sep, $2; sep = ", " }')
    say "The namespace $ns has no veth interface in it (it has: $links). Create a veth pair and move one end into $ns with ip link set NAME netns $ns." \
        "$ns 네임스페이스 안에 veth 인터페이스가 없습니다 (있는 것: $links). veth 쌍을 만들고 ip link set 이름 netns $ns로 한쪽 끝을 옮기세요."
    exit 1
  fi
done
