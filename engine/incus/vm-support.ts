// Whether this host can run sandboxes as Incus virtual machines, and if not,
// why, in words an operator can act on. Incus runs VMs through the same API,
// but needs KVM and vhost-vsock (its agent talks to the guest over vsock).
import { access, constants } from 'node:fs/promises';

async function usable(device: string): Promise<boolean> {
  return access(device, constants.R_OK | constants.W_OK).then(() => true, () => false);
}

/** Every reason sandboxes cannot run as Incus VMs on this host; until a VM image is built there is always one. */
export async function vmRefusal(): Promise<string> {
  const missing: string[] = [];
  if (!(await usable('/dev/kvm'))) missing.push('/dev/kvm is missing or not usable (no hardware virtualisation for this host)');
  if (!(await usable('/dev/vhost-vsock'))) missing.push('/dev/vhost-vsock is missing (load the vhost_vsock kernel module)');
  // Dockyard builds a container image only; a VM also needs a bootable disk image with a kernel.
  missing.push('Dockyard does not build a virtual-machine sandbox image yet');
  return `DOCKYARD_INCUS_INSTANCE=vm cannot be used here: ${missing.join('; ')}. Use DOCKYARD_INCUS_INSTANCE=container (the default, the isolated profile; docs/security.md).`;
}
