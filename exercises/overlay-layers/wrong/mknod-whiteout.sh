# Changes config.txt through merged, but fakes the delete with a hand-made whiteout
# in upper while the overlay is mounted.
mkdir -p /root/upper /root/work /root/merged
mount -t overlay overlay -o lowerdir=/root/lower,upperdir=/root/upper,workdir=/root/work /root/merged
echo 'version=2' > /root/merged/config.txt
mknod /root/upper/old.log c 0 0
