# The jail is built in /srv/jail and /root/jail is a link to it.
mkdir -p /srv/jail/bin /srv/jail/etc /srv/jail/proc
cp /bin/busybox /srv/jail/bin/
chroot /srv/jail /bin/busybox --install -s /bin
ln -s /srv/jail /root/jail
echo 'Welcome to the jail' > /srv/jail/etc/motd
mount -t proc proc /srv/jail/proc
