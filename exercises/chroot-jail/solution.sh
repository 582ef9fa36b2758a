mkdir -p /root/jail/bin /root/jail/etc /root/jail/proc
cp /bin/busybox /root/jail/bin/
chroot /root/jail /bin/busybox --install -s /bin
echo 'Welcome to the jail' > /root/jail/etc/motd
mount -t proc proc /root/jail/proc
