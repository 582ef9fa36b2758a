# Links the sandbox's /etc/motd into the jail: inside the jail the absolute link
# points at the jail's own /etc/motd, itself.
mkdir -p /root/jail/bin /root/jail/etc /root/jail/proc
cp /bin/busybox /root/jail/bin/
chroot /root/jail /bin/busybox --install -s /bin
echo 'Welcome to the jail' > /etc/motd
ln -s /etc/motd /root/jail/etc/motd
mount -t proc proc /root/jail/proc
