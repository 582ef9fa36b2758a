// A real Dockyard server for a test file, in a namespace of its own under the
// test run's namespace.
import { inject } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { startServerIn } from './clients.ts';

export { Learner, TerminalClient, TerminalRefused } from './clients.ts';

export function testServer(namespaceSuffix: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServerIn(`${inject('namespace')}-${namespaceSuffix}`, env);
}
