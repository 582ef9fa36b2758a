// Isolation profiles: how a sandbox container is confined. Each profile turns
// the same limits and mounts into engine settings; the README states what
// each one protects against.
import type { HostConfig } from 'dockerode';

export interface SandboxLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
  /** Applied only where the engine's storage driver supports a size quota. */
  diskBytes?: number;
}

export interface IsolationProfile {
  name: string;
  hostConfig(limits: SandboxLimits, mounts: HostConfig['Mounts']): HostConfig;
}

// The smallest set measured to run a nested dockerd without --privileged
// (which these hosts refuse): SYS_ADMIN for mounts and namespaces,
// NET_ADMIN for the nested bridge and iptables, the rest for ordinary root work.
const NESTED_ENGINE_CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'NET_BIND_SERVICE',
  'NET_RAW', 'SYS_CHROOT', 'MKNOD', 'AUDIT_WRITE', 'SETFCAP', 'SYS_ADMIN', 'NET_ADMIN', 'IPC_LOCK', 'SYS_PTRACE',
];

/**
 * `trusted`: the learner is root in a container holding CAP_SYS_ADMIN in the
 * host's user namespace, which is enough to become root on the host. Run it
 * only on a host dedicated to Dockyard.
 */
export const trustedProfile: IsolationProfile = {
  name: 'trusted',
  hostConfig(limits, mounts) {
    return {
      CapDrop: ['ALL'],
      CapAdd: NESTED_ENGINE_CAPABILITIES,
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined', 'no-new-privileges=false'],
      CgroupnsMode: 'private',
      NetworkMode: 'none',
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: Math.round(limits.cpus * 1e9),
      PidsLimit: limits.pids,
      Mounts: mounts,
      Tmpfs: { '/run': 'rw,nosuid,nodev,exec,size=64m' },
      ...(limits.diskBytes ? { StorageOpt: { size: String(limits.diskBytes) } } : {}),
    } as HostConfig;
  },
};

export const profiles: Record<string, IsolationProfile> = { trusted: trustedProfile };

