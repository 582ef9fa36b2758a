# The lower layer the learner starts from.
mkdir -p /root/lower
printf 'version=1\n' > /root/lower/config.txt
printf 'rotate me\n' > /root/lower/old.log
