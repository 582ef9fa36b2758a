// Shared by engine tests: a SandboxEngine on the real engine, in the test
// namespace the global set-up chose.
import { afterAll, beforeAll, inject } from 'vitest';
import { loadEngineConfig, prepareHost, SandboxEngine, type EngineConfig } from '../../engine/index.ts';

export async function testEngine(overrides: Record<string, string> = {}): Promise<{ engine: SandboxEngine; config: EngineConfig }> {
  const config = loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: inject('namespace'), DOCKYARD_SANDBOX_MEMORY: '512m', DOCKYARD_SANDBOX_PIDS: '512', ...overrides });
  const backend = await prepareHost(config, () => undefined);
  return { engine: new SandboxEngine(backend, config), config };
}

/** Runs a shell snippet in a sandbox with bash, as a learner would type it. */
export function sh(engine: SandboxEngine, id: string, script: string, timeoutMs = 60_000) {
  return engine.run(id, ['bash', '-c', script], { timeoutMs });
}

/** One sandbox for a whole test file: created before its tests, removed after them. */
export function sharedSandbox(overrides: Record<string, string> = {}): { engine: SandboxEngine; id: string } {
  const shared = {} as { engine: SandboxEngine; id: string };
  beforeAll(async () => {
    shared.engine = (await testEngine(overrides)).engine;
    shared.id = (await shared.engine.create()).id;
  });
  afterAll(async () => {
    if (shared.id) await shared.engine.destroy(shared.id);
  });
  return shared;
}
