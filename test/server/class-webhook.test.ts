// The class webhook against a receiver on loopback: signed deliveries that a
// receiver can verify, retried with growing waits while it fails, given up
// after the last attempt.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassWebhook, signDelivery } from '../../server/classes/webhook.ts';

const SECRET = 'webhook-secret-webhook-secret-0123456789';

interface Received { at: number; body: string; headers: Record<string, string | string[] | undefined> }

async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      received.push({ at: Date.now(), body, headers: request.headers });
      response.statusCode = statuses[received.length - 1] ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

const logged: string[] = [];
const log = { warn: (_o: object, m: string) => { logged.push(m); }, error: (_o: object, m: string) => { logged.push(m); } };
let open: Server | undefined;
afterEach(() => { open?.close(); logged.length = 0; });

describe('class webhook', () => {
  it('signs each delivery so the receiver can check it', async () => {
    const { url, received, server } = await receiver([200]);
    open = server;
    new ClassWebhook({ url, secret: SECRET }, log).send({ type: 'class.joined', classId: 'c1', data: { member: 'm1', name: 'Ada' } });
    await expect.poll(() => received.length).toBe(1);
    const [delivery] = received;
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'class.joined', classId: 'c1', data: { member: 'm1', name: 'Ada' } });
    const timestamp = String(delivery.headers['x-dockyard-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(delivery.headers['x-dockyard-signature']).toBe(signDelivery(SECRET, timestamp, delivery.body));
    expect(delivery.headers['x-dockyard-signature']).not.toBe(signDelivery('another-secret', timestamp, delivery.body));
  });

  it('tries again, waiting longer each time, until the receiver takes it', async () => {
    const { url, received, server } = await receiver([500, 503, 200]);
    open = server;
    new ClassWebhook({ url, secret: SECRET, firstRetryMs: 100 }, log).send({ type: 'task.checked', classId: 'c1', data: {} });
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(3);
    // The same delivery each time (its id), newly signed.
    expect(new Set(received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    const waits = [received[1].at - received[0].at, received[2].at - received[1].at];
    expect(waits[0]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
    expect(logged.filter((m) => /trying again/.test(m))).toHaveLength(2);
  });

  it('gives up after the last attempt, and says so', async () => {
    const { url, received, server } = await receiver([500, 500, 500, 500]);
    open = server;
    new ClassWebhook({ url, secret: SECRET, firstRetryMs: 20, attempts: 3 }, log).send({ type: 'task.checked', classId: 'c1', data: {} });
    await expect.poll(() => logged.some((m) => /giving up/.test(m)), { timeout: 5000 }).toBe(true);
    expect(received).toHaveLength(3);
  });
});
