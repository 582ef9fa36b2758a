// A real Dockyard server for a test file, in a namespace of its own under the
// test run's namespace.
import { inject } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { startServerIn } from './clients.ts';

export { Learner, TerminalClient, TerminalRefused } from './clients.ts';

/** Runs a shell script in the sandbox of `sessionId` as the learner would, from outside the page. */
export function inSandbox(server: RunningServer, sessionId: string, script: string) {
  return server.context.engine.sandboxes.run(server.context.sessions.get(sessionId)!.sandboxId!, ['sh', '-c', script]);
}

export function testServer(namespaceSuffix: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServerIn(`${inject('namespace')}-${namespaceSuffix}`, env);
}
