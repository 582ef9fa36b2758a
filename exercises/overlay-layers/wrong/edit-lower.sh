# Mounts the overlay, but changes the lower layer directly instead of going through merged.
mkdir -p /root/upper /root/work /root/merged
mount -t overlay overlay -o lowerdir=/root/lower,upperdir=/root/upper,workdir=/root/work /root/merged
echo 'version=2' > /root/lower/config.txt
rm /root/lower/old.log
