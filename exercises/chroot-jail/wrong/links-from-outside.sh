# Installs the applets from the sandbox: the links point at /root/jail/bin/busybox,
# a path that does not exist inside the jail.
mkdir -p /root/jail/bin /root/jail/etc /root/jail/proc
cp /bin/busybox /root/jail/bin/
/root/jail/bin/busybox --install -s /root/jail/bin
echo 'Welcome to the jail' > /root/jail/etc/motd
mount -t proc proc /root/jail/proc
