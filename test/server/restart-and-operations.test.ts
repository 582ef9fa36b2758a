// A restarted server keeps learners' sessions and sandboxes; operators can
// see health and metrics.
import { describe, expect, it } from 'vitest';
import { Learner, testServer } from './harness.ts';

describe('server restart', () => {
  it("keeps the learner's session, sandbox and files", async () => {
    const first = await testServer('restart');
    const learner = new Learner(first.url);
    const { id } = await learner.session();
    const sandboxId = first.context.sessions.get(id)!.sandboxId;
    const term = await learner.terminal(id, 'main');
    term.type('echo survived > /root/work.txt; echo ok-$((2*2))\n');
    await term.waitFor(/ok-4\r\n/);
    await first.stop();

    const second = await testServer('restart');
    try {
      const again = new Learner(second.url);
      again.cookie = learner.cookie;
      expect((await again.session()).id).toBe(id);
      expect(second.context.sessions.get(id)!.sandboxId).toBe(sandboxId);
      const after = await again.terminal(id, 'main');
      after.type('cat /root/work.txt\n');
      await after.waitFor(/survived\r\n/);
      after.close();
      expect(second.context.engine.sandboxes.list().filter((s) => s.owner !== undefined)).toHaveLength(1);
      await again.request('DELETE', `/api/sessions/${id}`);
    } finally {
      await second.stop();
    }
  });
});

describe('operations', () => {
  it('reports health and Prometheus metrics', async () => {
    const server = await testServer('operations');
    try {
      const learner = new Learner(server.url);
      const { id } = await learner.session();
      const term = await learner.terminal(id, 'main');

      const health = await learner.json('GET', '/api/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', engine: { reachable: true }, image: { ready: true }, sessions: 1, terminals: 1 });

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/dockyard_sandboxes\{state="owned"\} 1/);
      expect(metrics).toMatch(/dockyard_sessions\{status="ready"\} 1/);
      expect(metrics).toMatch(/dockyard_terminals\{attached="true"\} 1/);
      expect(metrics).toContain('dockyard_queue_length 0');
      expect(metrics).toMatch(/dockyard_sandbox_operation_seconds_count\{operation="shell"\} [1-9]/);
      term.close();
      await learner.request('DELETE', `/api/sessions/${id}`);
    } finally {
      await server.stop();
    }
  });
});
