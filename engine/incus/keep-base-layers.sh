#!/bin/bash
# Run once, inside the instance the Incus sandbox image is published from:
# pulls the named images from the offline mirror, then keeps only their
# unpacked layers (and the digest → layer records that let a pull recognise
# them) and forgets the images themselves. A sandbox made from the published
# image starts with `docker images` empty, and a pull of an image built on
# these layers says "Already exists" for them and downloads only its own.
set -euo pipefail

for image in "$@"; do docker pull -q "$image" >/dev/null; done

# The engine writes its stores on the way out: stop it before moving them.
pkill -TERM -x dockerd
while pgrep -x dockerd >/dev/null; do sleep 0.05; done

cd /var/lib/docker
kept=$(mktemp -d /var/lib/docker-kept.XXXXXX)
mkdir -p "$kept/image/overlay2"
mv overlay2 "$kept/"
mv image/overlay2/layerdb image/overlay2/distribution "$kept/image/overlay2/"
# Images, containers, networks and volumes: a fresh engine makes these anew.
find /var/lib/docker -mindepth 1 -maxdepth 1 -exec rm -rf {} +
mv "$kept"/* /var/lib/docker/
rmdir "$kept"

rm -rf /var/log/dockyard/* /tmp/* /var/tmp/* /root/.bash_history
sync
