# Relative paths from /root, the file changed with sed -i, removed with unlink.
cd /root
mkdir upper work merged
mount -t overlay overlay -o lowerdir=lower,upperdir=upper,workdir=work merged
sed -i 's/version=1/version=2/' merged/config.txt
unlink merged/old.log
