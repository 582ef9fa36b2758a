# Starts box without --hostname and sets it afterwards with docker exec: busybox
# hostname refuses (no CAP_SYS_ADMIN in the container), so box keeps its id as name.
ip netns add red
ip netns add blue
ip link add veth-red type veth peer name veth-blue
ip link set veth-red netns red
ip link set veth-blue netns blue
ip -n red addr add 10.0.0.1/24 dev veth-red
ip -n blue addr add 10.0.0.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
docker run -d --name box busybox sleep 3600
docker exec box hostname island
readlink /proc/$(docker inspect --format '{{.State.Pid}}' box)/ns/net > /root/box-netns.txt
