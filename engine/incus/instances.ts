// Removing an instance, the one way every part of the Incus backend does it.
import { IncusError, type IncusClient } from './client.ts';

/** Stops (forcibly) and deletes the instance. */
export async function removeInstance(client: IncusClient, name: string): Promise<void> {
  // Already stopped or gone is fine; anything else shows again at the delete.
  await client.operate('PUT', `/1.0/instances/${name}/state`, { action: 'stop', force: true, timeout: 10 }).catch(() => undefined);
  await client.operate('DELETE', `/1.0/instances/${name}`).catch((err) => {
    if (!(err instanceof IncusError && err.status === 404)) throw err;
  });
}
