// The internals inspector's source, against a real sandbox: the sandbox's and
// each container's namespaces, cgroup limits and usage, overlay stack and
// interfaces, as the kernel shows them to the host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerInternals, SandboxInternals } from '../../engine/index.ts';
import type { RunningServer } from '../../server/main.ts';
import { inSandbox, Learner, testServer } from './harness.ts';

let server: RunningServer;
let learner: Learner;
let sessionId: string;

const read = async () => (await learner.json<SandboxInternals>('GET', `/api/sessions/${sessionId}/internals`)).body;
const shell = (script: string) => inSandbox(server, sessionId, script);
const namespace = (list: { kind: string; shared: boolean }[], kind: string) => list.find((ns) => ns.kind === kind);

beforeAll(async () => {
  server = await testServer('inside', { DOCKYARD_SANDBOX_MEMORY: '512m', DOCKYARD_SANDBOX_PIDS: '700' });
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
}, 120_000);

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

describe('internals', () => {
  it("shows the sandbox's own namespaces and limits, and its Docker bridge", async () => {
    const sandbox = await read();
    for (const kind of ['mnt', 'net', 'pid', 'user', 'uts', 'ipc']) expect(namespace(sandbox.namespaces, kind)).toMatchObject({ shared: false });
    expect(sandbox.cgroup.memory.limitBytes).toBe(512 * 1024 ** 2);
    expect(sandbox.cgroup.memory.usedBytes).toBeGreaterThan(0);
    expect(sandbox.cgroup.processes.limit).toBe(700);
    expect(sandbox.cgroup.cpus).toBe(1);
    expect(sandbox.interfaces).toContainEqual(expect.objectContaining({ name: 'docker0', kind: 'bridge', addresses: expect.arrayContaining([expect.stringMatching(/^172\.17\.0\.1\//)]) }));
    expect(sandbox.containers).toEqual([]);
  });

  it('shows a container the learner started: what it shares, its limits, its layers and what it wrote', async () => {
    expect((await shell('docker run -d --name small -m 64m --pids-limit 50 busybox sleep 600')).exitCode).toBe(0);
    const pid = Number((await shell('docker inspect -f "{{.State.Pid}}" small')).stdout.trim());
    const small = () => read().then((r) => r.containers.find((c) => c.name === 'small'));
    await expect.poll(small, { timeout: 10_000 }).toBeDefined();
    const container = (await small()) as ContainerInternals;
    expect(container).toMatchObject({ image: 'busybox', pid });
    expect(namespace(container.namespaces, 'net')).toMatchObject({ shared: false });
    expect(namespace(container.namespaces, 'pid')).toMatchObject({ shared: false });
    expect(namespace(container.namespaces, 'user')).toMatchObject({ shared: true });
    expect(container.cgroup.memory.limitBytes).toBe(64 * 1024 ** 2);
    expect(container.cgroup.processes).toMatchObject({ count: 1, limit: 50 });
    expect(container.overlay!.lowerLayers.length).toBeGreaterThanOrEqual(2);
    expect(container.overlay!.upper).toMatch(/^\/var\/lib\/docker\/overlay2\/[0-9a-f]+\/diff$/);
    expect(container.interfaces).toContainEqual(expect.objectContaining({ name: 'eth0', addresses: [expect.stringMatching(/^172\.17\./)] }));
    expect((await read()).interfaces).toContainEqual(expect.objectContaining({ kind: 'veth', bridge: 'docker0' }));

    expect((await shell('docker exec small sh -c "head -c 400000 /dev/zero > /written"')).exitCode).toBe(0);
    await expect.poll(async () => (await small())?.overlay?.upperBytes ?? 0, { timeout: 30_000, interval: 1000 }).toBeGreaterThanOrEqual(400_000);
  }, 120_000);

  it("is the session's learner's only", async () => {
    expect((await new Learner(server.url).request('GET', `/api/sessions/${sessionId}/internals`)).status).toBe(403);
  });
});
