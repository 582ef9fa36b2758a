# Only the applets it needs, as relative links, and the sandbox's /proc bind-mounted.
mkdir -p /root/jail/bin /root/jail/etc /root/jail/proc
cp /bin/busybox /root/jail/bin/busybox
for applet in sh cat ps ls; do ln -s busybox /root/jail/bin/$applet; done
echo 'Welcome to the jail' | tee /root/jail/etc/motd
mount --bind /proc /root/jail/proc
