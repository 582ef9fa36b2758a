# Prepares the upper layer by hand before mounting: config.txt written straight into
# upper, and a whiteout made with mknod. The merged view looks right.
mkdir -p /root/upper /root/work /root/merged
echo 'version=2' > /root/upper/config.txt
mknod /root/upper/old.log c 0 0
mount -t overlay overlay -o lowerdir=/root/lower,upperdir=/root/upper,workdir=/root/work /root/merged
