# Named namespaces made with unshare, both ends renamed eth0, the prefix given
# as a netmask, the image by id, and the namespace as lsns prints it.
mkdir -p /run/netns
for ns in red blue; do touch /run/netns/$ns && unshare --net=/run/netns/$ns true; done
ip link add r0 type veth peer name b0
ip link set r0 netns red
ip link set b0 netns blue
ip -n red link set r0 name eth0
ip -n blue link set b0 name eth0
ip -n red addr add 10.0.0.1/255.255.255.0 dev eth0
ip -n blue addr add 10.0.0.2/255.255.255.0 dev eth0
ip -n red link set eth0 up
ip -n blue link set eth0 up
docker pull busybox
docker run -d --name box --hostname=island --entrypoint sleep "$(docker image inspect -f '{{.Id}}' busybox)" 3600
lsns -n -o NS -t net -p "$(docker inspect -f '{{.State.Pid}}' box)" > /root/box-netns.txt
