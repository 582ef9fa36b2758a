# Forgets to mount: merged is an ordinary directory, and the "layers" are faked by hand.
mkdir -p /root/upper /root/work /root/merged
cp /root/lower/config.txt /root/merged/config.txt
echo 'version=2' > /root/merged/config.txt
echo 'version=2' > /root/upper/config.txt
