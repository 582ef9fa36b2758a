// How Dockyard recognizes its own sandboxes on a shared engine. Labels are
// fixed at creation (ours, namespace, profile, created, expires); the owner
// changes when a pooled sandbox is claimed, and a container's name is the
// one thing the engine lets us change afterwards, so the owner lives there.
import { randomBytes } from 'node:crypto';

export const LABEL = {
  sandbox: 'dockyard.sandbox',
  namespace: 'dockyard.namespace',
  profile: 'dockyard.profile',
  created: 'dockyard.created',
  expires: 'dockyard.expires',
  image: 'dockyard.image',
} as const;

export const OWNER_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function newSandboxId(): string {
  return randomBytes(5).toString('hex');
}

export function containerName(namespace: string, id: string, owner?: string): string {
  return `dockyard-${namespace}-${id}${owner ? `.${owner}` : ''}`;
}

/** The owner encoded in a container name, or undefined for an unclaimed (pool) sandbox. */
export function ownerFromName(name: string): string | undefined {
  const bare = name.replace(/^\//, '');
  const dot = bare.indexOf('.');
  return dot === -1 ? undefined : bare.slice(dot + 1);
}

export function volumeName(namespace: string, id: string, purpose: 'docker' | 'home'): string {
  return `dockyard-${namespace}-${id}-${purpose}`;
}

/**
 * Owner of sandboxes that tools (the CLI, the exercise prover) make for
 * themselves: owned, so a server sharing the namespace never hands them to a
 * learner from its pool, and reaped as idle if a tool dies without cleaning up.
 */
export function toolOwner(): string {
  return `tool_${process.pid}`;
}

export function isToolOwner(owner: string): boolean {
  return owner.startsWith('tool_');
}
