# Creates each veth end directly in its namespace, configures it from inside
# with ip netns exec, uses the full image name and reads the namespace with stat.
ip netns add red
ip netns add blue
ip link add veth-red netns red type veth peer name veth-blue netns blue
ip netns exec red ip addr add 10.0.0.1/24 dev veth-red
ip netns exec blue ip addr add 10.0.0.2/24 dev veth-blue
ip netns exec red ip link set veth-red up
ip netns exec blue ip link set veth-blue up
docker run -d --name box -h island docker.io/library/busybox:latest sleep 3600
stat -L -c 'net:[%i]' /proc/$(docker inspect -f '{{.State.Pid}}' box)/ns/net > /root/box-netns.txt
