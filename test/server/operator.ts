// What an operator does to a sandbox behind Dockyard's back, through Incus's
// own socket: tests use it to check that Dockyard notices and says so.
import { IncusClient } from '../../engine/incus/client.ts';
import type { RunningServer } from '../../server/main.ts';

/** Stops the sandbox of `sessionId` with Incus's API (not forced, as `incus stop` does). */
export async function stopAsOperator(server: RunningServer, sessionId: string): Promise<void> {
  const sandboxId = server.context.sessions.get(sessionId)!.sandboxId!;
  const client = new IncusClient();
  try {
    await client.operate('PUT', `/1.0/instances/${server.context.engine.sandboxes.get(sandboxId)!.ref}/state`, { action: 'stop', timeout: 10 });
  } finally {
    client.close();
  }
}
