// The editor's files API and the web preview, seen from the learner's side.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/main.ts';
import { inSandbox, Learner, testServer } from './harness.ts';

let server: RunningServer;
let learner: Learner;
let sessionId: string;

beforeAll(async () => {
  server = await testServer('files');
  learner = new Learner(server.url);
  sessionId = (await learner.session()).id;
});

afterAll(async () => {
  await learner?.request('DELETE', `/api/sessions/${sessionId}`);
  await server?.stop();
});

const octets = { 'content-type': 'application/octet-stream' };

describe('files', () => {
  it('writes a file the terminal then sees, and reads one the terminal wrote', async () => {
    const put = await learner.request('PUT', `/api/sessions/${sessionId}/files/content?path=/root/Dockerfile`, 'FROM busybox\nCMD ["echo", "hi"]\n', octets);
    expect(put.status).toBe(204);
    const term = await learner.terminal(sessionId, 'files');
    term.type('cat /root/Dockerfile; echo "from the shell" > /root/note.txt; echo ok-$((1+1))\n');
    const seen = await term.waitFor(/ok-2\r\n/);
    expect(seen).toContain('CMD ["echo", "hi"]');
    term.close();

    const read = await learner.request('GET', `/api/sessions/${sessionId}/files/content?path=/root/note.txt`);
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('from the shell\n');
  });

  it('keeps an existing script executable when it is saved again, and makes new files 0644', async () => {
    const sandboxId = server.context.sessions.get(sessionId)!.sandboxId!;
    await server.context.engine.sandboxes.run(sandboxId, ['sh', '-c', 'printf "#!/bin/sh\\necho old\\n" > /root/greet.sh && chmod 755 /root/greet.sh']);
    await learner.request('PUT', `/api/sessions/${sessionId}/files/content?path=/root/greet.sh`, '#!/bin/sh\necho saved\n', octets);
    await learner.request('PUT', `/api/sessions/${sessionId}/files/content?path=/root/fresh.txt`, 'new\n', octets);
    const result = await server.context.engine.sandboxes.run(sandboxId, ['sh', '-c', 'stat -c "%a %n" /root/greet.sh /root/fresh.txt; /root/greet.sh']);
    expect(result.stdout).toBe('755 /root/greet.sh\n644 /root/fresh.txt\nsaved\n');
  });

  it('keeps binary content intact and lists the directory', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));
    await learner.request('PUT', `/api/sessions/${sessionId}/files/content?path=/root/data.bin`, bytes, octets);
    const back = Buffer.from(await (await learner.request('GET', `/api/sessions/${sessionId}/files/content?path=/root/data.bin`)).arrayBuffer());
    expect(back.equals(bytes)).toBe(true);
    const { body } = await learner.json<{ entries: { name: string; type: string; size: number }[] }>('GET', `/api/sessions/${sessionId}/files?path=/root`);
    expect(body.entries).toContainEqual(expect.objectContaining({ name: 'data.bin', type: 'file', size: 4096 }));
  });

  it('tags what it reads, and refuses a write over a file that changed since that read', async () => {
    const file = `/api/sessions/${sessionId}/files/content?path=/root/shared.txt`;
    const shell = (script: string) => inSandbox(server, sessionId, script);
    await shell('echo from the shell > /root/shared.txt');
    const read = await learner.request('GET', file);
    const tag = read.headers.get('etag')!;
    expect(tag).toMatch(/^"[\w-]+"$/);
    expect((await learner.request('GET', file, undefined, { 'if-none-match': tag })).status).toBe(304);

    await shell('echo changed by the shell > /root/shared.txt');
    const stale = await learner.request('PUT', file, 'from the editor\n', { ...octets, 'if-match': tag });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ error: 'file_changed', message: '/root/shared.txt changed in the sandbox since the editor loaded it' });
    expect((await shell('cat /root/shared.txt')).stdout).toBe('changed by the shell\n');

    const fresh = await learner.request('GET', file);
    const current = fresh.headers.get('etag')!;
    expect(current).not.toBe(tag);
    const saved = await learner.request('PUT', file, 'from the editor\n', { ...octets, 'if-match': current });
    expect(saved.status).toBe(204);
    expect((await shell('cat /root/shared.txt')).stdout).toBe('from the editor\n');
    expect((await learner.request('GET', file, undefined, { 'if-none-match': saved.headers.get('etag')! })).status).toBe(304);

    expect((await learner.request('PUT', file, 'new\n', { ...octets, 'if-none-match': '*' })).status).toBe(412);
    await shell('rm /root/shared.txt');
    const removed = await learner.request('PUT', file, 'again\n', { ...octets, 'if-match': current });
    expect(await removed.json()).toMatchObject({ error: 'file_changed', message: '/root/shared.txt was removed in the sandbox since the editor loaded it' });
    expect((await learner.request('PUT', file, 'again\n', { ...octets, 'if-none-match': '*' })).status).toBe(204);
  });

  it('answers mistakes with a status and a message that say what was wrong', async () => {
    const cases: [string, string, number, string][] = [
      ['GET', '/files/content?path=/root/nope.txt', 404, 'path_not_found'],
      ['GET', '/files/content?path=/root', 409, 'not_a_file'],
      ['GET', '/files?path=/root/data.bin', 409, 'not_a_directory'],
      ['GET', '/files?path=relative/path', 400, 'FST_ERR_VALIDATION'],
      ['PUT', '/files/content?path=/no/such/dir/file.txt', 404, 'path_not_found'],
    ];
    for (const [method, path, status, error] of cases) {
      const response = await learner.request(method, `/api/sessions/${sessionId}${path}`, method === 'PUT' ? 'x' : undefined, method === 'PUT' ? octets : {});
      const body = (await response.json()) as { error: string; message: string };
      expect({ path, status: response.status, error: body.error }).toEqual({ path, status, error });
      expect(body.message.length).toBeGreaterThan(5);
    }
  });

  it('refuses an upload over the size cap with 413', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 1);
    const response = await learner.request('PUT', `/api/sessions/${sessionId}/files/content?path=/root/big.bin`, big, octets);
    expect(response.status).toBe(413);
  });
});

describe('web preview', () => {
  it('shows a page served by nginx the learner started in the sandbox', async () => {
    const sandboxId = server.context.sessions.get(sessionId)!.sandboxId!;
    const started = await server.context.engine.sandboxes.run(sandboxId, ['docker', 'run', '-d', '-p', '8080:80', 'nginx'], { timeoutMs: 120_000 });
    expect(started.exitCode).toBe(0);
    // nginx takes a moment to listen.
    const response = await vi.waitFor(async () => {
      const answer = await learner.request('GET', `/preview/${sessionId}/8080/`);
      expect(answer.status).toBe(200);
      return answer;
    }, { timeout: 15_000, interval: 250 });
    expect(await response.text()).toContain('Welcome to nginx!');
    // The preview's own sandboxing policy, not the site's (security-headers.ts leaves it alone).
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox [^,]*$/);
    const missing = await learner.request('GET', `/preview/${sessionId}/8080/nothing-here`);
    expect(missing.status).toBe(404);
    const encoded = await learner.request('GET', `/preview/${sessionId}/8080/no%20such%2Fpage?x=1`);
    expect(encoded.status).toBe(404);
  });

  it('says so when nothing listens on the port', async () => {
    const response = await learner.request('GET', `/preview/${sessionId}/9999/`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: 'preview_unreachable' });
  });
});
