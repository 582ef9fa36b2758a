// The ports panel's source: what a learner's programs listen on in their
// sandbox, read from the host, with the nested containers published there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPorts } from '../../server/routes/ports.ts';
import type { RunningServer } from '../../server/main.ts';
import { inSandbox, Learner, testServer } from './harness.ts';

let server: RunningServer;
let learner: Learner;
let sessionId: string;

type Ports = { ports: { port: number; containers: { name: string; image: string; target: string }[] }[] };
const ports = async () => (await learner.json<Ports>('GET', `/api/sessions/${sessionId}/ports`)).body.ports;
const shell = (script: string) => inSandbox(server, sessionId, script);

beforeAll(async () => {
  server = await testServer('ports');
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
}, 120_000);

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

describe('ports', () => {
  it('lists nothing in a fresh sandbox: the image mirror the platform runs there is not the learner’s', async () => {
    expect((await shell('grep -c " 0A " /proc/net/tcp')).stdout.trim()).not.toBe('0');
    expect(await ports()).toEqual([]);
  });

  it('lists a server the learner started, and a container published with -p, by name', async () => {
    expect((await shell('mkdir -p /tmp/www && busybox httpd -p 7000 -h /tmp/www')).exitCode).toBe(0);
    await expect.poll(ports, { timeout: 10_000 }).toEqual([{ port: 7000, containers: [] }]);
    expect((await shell('docker run -d --name web -p 8080:80 nginx')).exitCode).toBe(0);
    // Well within the 15 s the names are kept: a port first seen without its container is asked about again.
    await expect.poll(ports, { timeout: 8_000 }).toEqual([
      { port: 7000, containers: [] },
      { port: 8080, containers: [{ name: 'web', image: 'nginx', target: '80/tcp' }] },
    ]);
    await shell('docker rm -f web');
    await expect.poll(ports, { timeout: 30_000 }).toEqual([{ port: 7000, containers: [] }]);
  }, 120_000);

  it("is the session's learner's only", async () => {
    const other = new Learner(server.url);
    expect((await other.request('GET', `/api/sessions/${sessionId}/ports`)).status).toBe(403);
  });

  it('reads the host ports of docker ps, once each', () => {
    expect([...publishedPorts('0.0.0.0:8080->80/tcp, :::8080->80/tcp, 0.0.0.0:5353->53/udp')]).toEqual([[8080, '80/tcp'], [5353, '53/udp']]);
    expect(publishedPorts('80/tcp').size).toBe(0);
  });
});
