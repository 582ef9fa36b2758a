mkdir -p /root/upper /root/work /root/merged
mount -t overlay overlay -o lowerdir=/root/lower,upperdir=/root/upper,workdir=/root/work /root/merged
echo 'version=2' > /root/merged/config.txt
rm /root/merged/old.log
