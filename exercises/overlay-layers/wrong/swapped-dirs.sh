# Swaps lowerdir and upperdir, so the prepared layer becomes the writable one.
mkdir -p /root/upper /root/work /root/merged
mount -t overlay overlay -o lowerdir=/root/upper,upperdir=/root/lower,workdir=/root/work /root/merged
echo 'version=2' > /root/merged/config.txt
rm /root/merged/old.log
