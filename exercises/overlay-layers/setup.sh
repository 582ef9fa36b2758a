# The lower layer the learner starts from. config.txt has an owner and a mode of
# its own: overlayfs keeps both when it copies the file up, a file written into
# the upper layer by hand does not.
mkdir -p /root/lower
printf 'version=1\n' > /root/lower/config.txt
chown 4242:4242 /root/lower/config.txt
chmod 0604 /root/lower/config.txt
printf 'rotate me\n' > /root/lower/old.log
