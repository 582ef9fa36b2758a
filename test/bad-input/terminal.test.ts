// Bad input on the terminal WebSocket — control messages of every wrong
// shape, frames over the cap, invalid UTF-8, bad sizes in the query string,
// unknown sessions — gets a clear error on that socket only, while another
// learner's terminal keeps working. (test/server/terminals.test.ts covers
// the plainer cases: not JSON, a bad resize, an unknown type, a 200 KiB frame.)
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { expectNeighbourUnaffected, neighbourhood, typeAndSee } from '../abuse/neighbourhood.ts';
import { TerminalRefused } from '../server/harness.ts';

const place = neighbourhood('bad-terminal');
const CAP = 64 * 1024;

function terminalUrl(sessionId: string, name: string, query = ''): string {
  return `${place.server.url.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/${name}${query}`;
}

/** The HTTP status an upgrade is refused with, or 101 when it is accepted. */
async function upgradeStatus(url: string): Promise<number> {
  const socket = new WebSocket(url, { headers: { cookie: place.abuser.learner.cookie } });
  const status = await new Promise<number>((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('open', () => resolve(101));
    socket.once('error', reject);
  });
  socket.terminate();
  return status;
}

describe('control messages', () => {
  it('answers each malformed one with its own error, applies none, and keeps the shell', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'controls', { cols: 80, rows: 24 });
    const bad = [
      'null', '[]', '42', '"resize"', '{}', '{"type":null}', '{"type":"ack"}', '{"type":"ack","bytes":-1}', '{"type":"ack","bytes":1e300}',
      '{"type":"resize","cols":1e9,"rows":24}', '{"type":"resize","cols":80.5,"rows":24}', '{"type":"resize","cols":"80","rows":"24"}',
      '{"type":"resize","cols":0,"rows":0}', '{"type":"resize","cols":80}', '{"type":"resize","cols":80,"rows":24,', '{"__proto__":{"type":"resize"}}',
      '['.repeat(50_000),
    ];
    for (const frame of bad) term.socket.send(frame);
    expect(await typeAndSee(term, 'stty size')).toContain('24 80');
    const errors = term.controls.filter((c) => c.type === 'error').map((c) => String(c.message));
    expect(errors).toHaveLength(bad.length);
    for (const message of errors) expect(message).toMatch(/^(control frames must be JSON|invalid control message)/);
    expect(errors.filter((m) => m.includes('/cols'))).not.toHaveLength(0);
    term.close();
    await expectNeighbourUnaffected(place);
  });
});

describe('frames over the cap', () => {
  it('takes a binary frame of exactly 64 KiB whole', async () => {
    const term = await place.abuser.learner.terminal(place.abuser.sessionId, 'at-cap');
    await typeAndSee(term, 'stty -echo');
    // The marker shows that cat is next, reading what follows.
    term.type('echo cap-$((2+3)); cat > /root/cap.txt\n');
    await term.waitFor(/cap-5\r\n/);
    // Short lines: a terminal line holds at most 4 KiB.
    term.type(`${'c'.repeat(63)}\n`.repeat(CAP / 64));
    term.type('\x04');
    expect(await typeAndSee(term, 'stty echo; wc -c < /root/cap.txt')).toMatch(/\b65536\r\n/);
    term.close();
  });

  it('closes only the offending socket with 1009 for a binary or text frame one byte over', async () => {
    for (const frame of [Buffer.alloc(CAP + 1, 'a'), JSON.stringify({ type: 'ack', bytes: 1, pad: 'p'.repeat(CAP) })]) {
      const offender = await place.abuser.learner.terminal(place.abuser.sessionId, 'over-cap');
      const bystander = await place.abuser.learner.terminal(place.abuser.sessionId, 'bystander');
      offender.socket.send(frame);
      expect(await offender.closed()).toBe(1009);
      expect(await typeAndSee(bystander, 'echo same-session-$((1+1))')).toContain('same-session-2');
      bystander.close();
    }
    await expectNeighbourUnaffected(place);
  });

  it('closes a socket that sends a text frame of invalid UTF-8 with 1007', async () => {
    const offender = await place.abuser.learner.terminal(place.abuser.sessionId, 'bad-utf8');
    offender.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await offender.closed()).toBe(1007);
    // Invalid UTF-8 in binary frames is just bytes for the shell.
    const again = await place.abuser.learner.terminal(place.abuser.sessionId, 'bad-utf8');
    again.socket.send(Buffer.from([0xff, 0xfe, 0x0a]));
    expect(await typeAndSee(again, 'echo bytes-ok')).toContain('bytes-ok');
    again.close();
  });
});

describe('the upgrade request', () => {
  it('refuses sizes that are not whole numbers in range with 400', async () => {
    for (const query of ['?cols=abc', '?cols=80.5', '?cols=0', '?rows=-3', '?cols=100000&rows=24', '?rows=1e3', '?cols=', '?cols=80&cols=90']) {
      expect({ query, status: await upgradeStatus(terminalUrl(place.abuser.sessionId, 'sized', query)) }).toEqual({ query, status: 400 });
    }
    expect(await upgradeStatus(terminalUrl(place.abuser.sessionId, 'sized', '?cols=500&rows=200'))).toBe(101);
  });

  it('refuses an unknown session with 404 and another learner\'s with 403', async () => {
    await expect(place.abuser.learner.terminal('0123456789abcdef', 'main')).rejects.toEqual(new TerminalRefused(404));
    await expect(place.abuser.learner.terminal(place.neighbour.sessionId, 'main')).rejects.toEqual(new TerminalRefused(403));
    await expectNeighbourUnaffected(place);
  });
});
