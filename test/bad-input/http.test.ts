// Bad HTTP input — path tricks in the files API, oversized and mislabelled
// uploads, session ids that are malformed, unknown or someone else's, bad
// query strings — gets a clear error, and another learner on the same
// server keeps working. (test/server/files-and-preview.test.ts and
// sessions.test.ts cover the plainer mistakes.)
import { describe, expect, it } from 'vitest';
import { expectNeighbourUnaffected, neighbourhood, platformRun } from '../abuse/neighbourhood.ts';

const place = neighbourhood('bad-http');
const octets = { 'content-type': 'application/octet-stream' };

async function call(method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}) {
  const response = await place.abuser.learner.request(method, `/api/sessions/${place.abuser.sessionId}${path}`, body, headers);
  const text = await response.text();
  return { status: response.status, text, body: (text.startsWith('{') ? JSON.parse(text) : undefined) as { error?: string; message?: string } | undefined };
}

describe('path tricks in the files API', () => {
  it('keeps .. and // inside the sandbox', async () => {
    for (const path of ['/../../../../etc/hostname', '//etc//hostname', '/root/../../etc/./hostname']) {
      const answer = await call('GET', `/files/content?path=${encodeURIComponent(path)}`);
      expect({ path, status: answer.status, text: answer.text }).toEqual({ path, status: 200, text: 'sandbox\n' });
    }
  });

  it('refuses NUL bytes, over-long paths and over-long names with 400 and a reason', async () => {
    const cases: [string, string, RegExp][] = [
      ['GET', `/files/content?path=${encodeURIComponent('/root/a\0b')}`, /NUL/],
      ['PUT', `/files/content?path=${encodeURIComponent('/root/a\0b')}`, /NUL/],
      ['GET', `/files?path=/${'a/'.repeat(2100)}`, /4096 characters/],
      ['GET', `/files/content?path=/root/${'n'.repeat(300)}`, /longer than 255 bytes/],
      ['PUT', `/files/content?path=/root/${'n'.repeat(300)}`, /longer than 255 bytes/],
      ['GET', `/files/content?path=/root/${'é'.repeat(200)}`, /longer than 255 bytes/],
      ['PUT', '/files/content?path=/root/dir/', /ends with \//],
    ];
    for (const [method, path, reason] of cases) {
      const answer = await call(method, path, method === 'PUT' ? 'x' : undefined, method === 'PUT' ? octets : {});
      expect({ path: path.slice(0, 60), status: answer.status }).toEqual({ path: path.slice(0, 60), status: 400 });
      expect(answer.body?.message).toMatch(reason);
    }
  });

  it('answers paths the engine cannot use with 4xx and a reason, never 500 (L8)', async () => {
    const hostname = await platformRun(place, place.abuser, 'cat /etc/hostname');
    const deep = `/${'a/'.repeat(2047)}b`;
    const long = `/root/${Array.from({ length: 17 }, () => 'n'.repeat(250)).join('/')}`.slice(0, 4096);
    expect([deep.length, long.length]).toEqual([4096, 4096]);
    const cases: [string, string, number, string, RegExp][] = [
      // Each backend words the reason its own way; the code is the contract.
      ['PUT', '/opt/dockyard/tools/x', 403, 'read_only', /read-only|permission denied/],
      ['PUT', '/opt/dockyard/mirror/x', 403, 'read_only', /read-only|permission denied/],
      ['PUT', deep, 400, 'path_invalid', /too long/],
      ['GET', deep, 400, 'path_invalid', /too long/],
      ['PUT', long, 400, 'path_invalid', /too long/],
      ['GET', long, 400, 'path_invalid', /too long/],
      ['PUT', '/etc/hostname/child', 409, 'not_a_directory', /\/etc\/hostname/],
      ['GET', '/etc/hostname/child', 409, 'not_a_directory', /\/etc\/hostname/],
    ];
    for (const [method, path, status, error, reason] of cases) {
      const answer = await call(method, `/files/content?path=${encodeURIComponent(path)}`, method === 'PUT' ? 'x' : undefined, method === 'PUT' ? octets : {});
      expect({ method, path: path.slice(0, 40), status: answer.status, error: answer.body?.error }).toEqual({ method, path: path.slice(0, 40), status, error });
      expect(answer.body?.message).toMatch(reason);
      expect(answer.body?.message).not.toContain('/var/lib/docker');
    }
    expect(await platformRun(place, place.abuser, 'cat /etc/hostname; test -e /opt/dockyard/tools/x || echo not-written')).toBe(`${hostname}not-written\n`);
  });

  it('does not follow symlinks out of the file they name, to the host or to /proc', async () => {
    await platformRun(place, place.abuser, 'cd /root && ln -sf /etc/hostname abs-link && ln -sf ../../../../../etc/hostname rel-link && ln -sf /proc/self/environ proc-link && ln -sfn / root-link');
    for (const link of ['abs-link', 'rel-link', 'proc-link']) {
      const answer = await call('GET', `/files/content?path=/root/${link}`);
      expect({ link, status: answer.status, error: answer.body?.error }).toEqual({ link, status: 409, error: 'not_a_file' });
      expect(answer.body?.message).toContain('symlink');
    }
    // A symlinked directory resolves within the sandbox's own filesystem.
    expect((await call('GET', '/files/content?path=/root/root-link/etc/hostname')).text).toBe('sandbox\n');
    // The engine's view of /proc is the image's empty directory, never a process's memory or environment.
    expect((await call('GET', '/files/content?path=/proc/self/environ')).status).toBe(404);
    expect((await call('GET', '/files/content?path=/proc/1/environ')).status).toBe(404);
    const { entries } = JSON.parse((await call('GET', '/files?path=/root')).text) as { entries: { name: string; type: string }[] };
    expect(entries.filter((e) => e.name.endsWith('-link')).map((e) => e.type)).toEqual(['symlink', 'symlink', 'symlink', 'symlink']);
  });

  it('refuses to write a file over a directory, which would delete what the directory holds', async () => {
    await platformRun(place, place.abuser, 'mkdir -p /root/keep && echo precious > /root/keep/note && echo profile > /root/.keep-me');
    for (const path of ['/root', '/root/keep']) {
      const answer = await call('PUT', `/files/content?path=${path}`, 'x', octets);
      expect({ path, status: answer.status, error: answer.body?.error, message: answer.body?.message }).toEqual({ path, status: 409, error: 'not_a_file', message: `${path} is a directory` });
    }
    expect(await platformRun(place, place.abuser, 'cat /root/keep/note /root/.keep-me')).toBe('precious\nprofile\n');
  });

  it('takes names that are not valid UTF-8 or percent-encoding literally, and lists odd names', async () => {
    const put = await call('PUT', '/files/content?path=/root/%FF%FE', 'odd', octets);
    expect(put.status).toBe(204);
    expect(await platformRun(place, place.abuser, 'cat "/root/%FF%FE"')).toBe('odd');
    await platformRun(place, place.abuser, "touch /root/$'\\xff\\xfe-raw'");
    const listing = await call('GET', '/files?path=/root');
    expect(listing.status).toBe(200);
    const names = (JSON.parse(listing.text) as { entries: { name: string }[] }).entries.map((e) => e.name);
    expect(names).toContain('%FF%FE');
    expect(names.some((name) => name.endsWith('-raw'))).toBe(true);
  });
});

describe('uploads', () => {
  it('refuses a body over the cap, sent with or without a length, with 413', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 7);
    expect((await call('PUT', '/files/content?path=/root/big.bin', big, octets)).status).toBe(413);
    const chunks = (async function* () {
      for (let i = 0; i < 12; i++) yield Buffer.alloc(512 * 1024, 1);
    })();
    const streamed = await fetch(`${place.server.url}/api/sessions/${place.abuser.sessionId}/files/content?path=/root/big.bin`, {
      method: 'PUT', body: chunks, duplex: 'half', headers: { ...octets, cookie: place.abuser.learner.cookie },
    } as unknown as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await call('GET', '/files/content?path=/root/big.bin')).status).toBe(404);
  });

  it('refuses a body that is not application/octet-stream with 415', async () => {
    for (const type of ['text/plain', 'application/json', 'multipart/form-data; boundary=x']) {
      const answer = await call('PUT', '/files/content?path=/root/t.txt', type === 'application/json' ? '{"a":1}' : 'x', { 'content-type': type });
      expect({ type, status: answer.status }).toEqual({ type, status: 415 });
      expect(answer.body?.message).toBeTruthy();
    }
  });
});

describe('session ids', () => {
  it('answers 404 for a well-formed id nobody has, on every route', async () => {
    const unknown = '0123456789abcdef';
    for (const [method, path] of [
      ['GET', `/api/sessions/${unknown}`],
      ['POST', `/api/sessions/${unknown}/reset`],
      ['GET', `/api/sessions/${unknown}/files?path=/root`],
      ['PUT', `/api/sessions/${unknown}/files/content?path=/root/x`],
      ['POST', `/api/sessions/${unknown}/exercises/first-look/check`],
    ]) {
      const response = await place.abuser.learner.request(method, path, method === 'PUT' ? 'x' : undefined, method === 'PUT' ? octets : {});
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.json()).toMatchObject({ error: 'session_not_found' });
    }
  });

  it("answers 403 on the exercise routes of another learner's session", async () => {
    for (const action of ['open', 'check']) {
      const response = await place.abuser.learner.request('POST', `/api/sessions/${place.neighbour.sessionId}/exercises/first-look/${action}`);
      expect({ action, status: response.status }).toEqual({ action, status: 403 });
    }
  });

  it('answers 400 for ids with the wrong shape, encoded slashes included', async () => {
    for (const id of ['ABCDEF0123456789', '0123456789abcde', '0123456789abcdef0', '..%2F..%2Fetc%2Fpasswd', '%00', '0123456789abcde%00']) {
      const response = await place.abuser.learner.request('GET', `/api/sessions/${id}/files?path=/root`);
      expect({ id, status: response.status }).toEqual({ id, status: 400 });
    }
  });
});

describe('query strings', () => {
  it('answers 400 naming the field for values of the wrong type or shape', async () => {
    const cases = [
      '/files?path=/root&path=/etc',
      '/files?path=',
      '/files',
      '/exercises/first-look/check?locale=fr',
      '/exercises/first-look/check?locale=en&locale=ko',
    ];
    for (const path of cases) {
      const answer = await call(path.includes('check') ? 'POST' : 'GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.body?.message).toMatch(/querystring/);
    }
  });

  it('leaves the neighbour working after all of it', async () => {
    await expectNeighbourUnaffected(place);
  });
});
