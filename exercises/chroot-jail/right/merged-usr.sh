# A merged-/usr layout like Debian's: busybox in /usr/bin, /bin a relative link
# to it, and /etc/motd a link that is absolute inside the jail.
mkdir -p /root/jail/usr/bin /root/jail/usr/share /root/jail/etc /root/jail/proc
cp /bin/busybox /root/jail/usr/bin/
ln -s usr/bin /root/jail/bin
chroot /root/jail /usr/bin/busybox --install -s /usr/bin
printf 'Welcome to the jail\n' > /root/jail/usr/share/motd
ln -s /usr/share/motd /root/jail/etc/motd
mount -t proc none /root/jail/proc
