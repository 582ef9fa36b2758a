mkdir -p /root/jail/bin /root/jail/etc /root/jail/proc
cp /bin/bash /root/jail/bin/sh
cp /bin/cat /bin/ps /root/jail/bin/
echo 'Welcome to the jail' > /root/jail/etc/motd
mount -t proc proc /root/jail/proc
