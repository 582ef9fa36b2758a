# The layers named through a link to /root, with trailing slashes; the change made with tee.
mkdir -p /root/upper /root/work /root/merged
ln -s /root /tmp/layers
mount -t overlay none -o lowerdir=/tmp/layers/lower/,upperdir=/tmp/layers/upper/,workdir=/tmp/layers/work/ /tmp/layers/merged
printf 'version=2\n' | tee /root/merged/config.txt > /dev/null
rm -f /tmp/layers/merged/old.log
