IP=/sbin/ip
for ns in red blue; do
  if [ ! -e "/run/netns/$ns" ]; then
    say "There is no network namespace named $ns yet (ip netns list)." "아직 $ns라는 네트워크 네임스페이스가 없습니다 (ip netns list로 확인하세요)."
    exit 1
  fi
done
for ns in red blue; do
  if [ -z "$($IP -n "$ns" -o link show type veth 2>/dev/null)" ]; then
    say "The namespace $ns has no veth interface in it. Create a veth pair and move one end into $ns with ip link set NAME netns $ns." "$ns 네임스페이스 안에 veth 인터페이스가 없습니다. veth 쌍을 만들고 ip link set 이름 netns $ns로 한쪽 끝을 옮기세요."
    exit 1
  fi
done
