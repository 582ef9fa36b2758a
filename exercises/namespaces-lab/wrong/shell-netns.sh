ip netns add red
ip netns add blue
ip link add veth-red type veth peer name veth-blue
ip link set veth-red netns red
ip link set veth-blue netns blue
ip -n red addr add 10.0.0.1/24 dev veth-red
ip -n blue addr add 10.0.0.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
docker run -d --name box --hostname island busybox sleep 3600
readlink /proc/self/ns/net > /root/box-netns.txt
