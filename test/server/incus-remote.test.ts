// Dockyard on an Incus it reaches over HTTPS with a client certificate: the
// operator's token makes the client trusted and pins the daemon; then a
// server on that remote gives learners sandboxes, terminals, files and event
// notices as on the local socket; and every way it can be set up wrong is
// refused with what to do. The remote is this machine's daemon, listening on
// a loopback port for the length of the file.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEngineConfig, prepareHost } from '../../engine/index.ts';
import { IncusClient } from '../../engine/incus/client.ts';
import { sandboxCgroups } from '../../engine/incus/cgroup-fence.ts';
import { pinnedTls } from '../../engine/incus/endpoint.ts';
import type { PeerCertificate } from 'node:tls';
import { projectRoot } from '../../engine/config.ts';
import type { RunningServer } from '../../server/main.ts';
import { Learner, testServer } from './harness.ts';
import { stopAsOperator } from './operator.ts';

const run = promisify(execFile);
const local = new IncusClient();
let previousAddress = '';
let origin = '';
let certDir = '';
let server: RunningServer | undefined;

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A trust token as the operator gets it on the Incus host. */
async function issueToken(name: string): Promise<string> {
  const { stdout } = await run('incus', ['config', 'trust', 'add', name, '--quiet']);
  return stdout.trim().split('\n').pop()!;
}

function dockyardCli(args: string[], env: Record<string, string>) {
  return run(process.execPath, [path.join(projectRoot, 'bin/dockyard.mjs'), ...args], { env: { ...process.env, ...env } })
    .catch((err: { code: number; stdout: string; stderr: string }) => err);
}

const remoteEnv = (dir = certDir) => ({ DOCKYARD_INCUS_REMOTE: origin, DOCKYARD_INCUS_CERT_DIR: dir });

function prepareOn(env: Record<string, string>) {
  return prepareHost(loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: inject('namespace'), ...env }), () => undefined);
}

beforeAll(async () => {
  const daemon = await local.request<{ config: Record<string, string> }>('GET', '/1.0');
  previousAddress = daemon.config['core.https_address'] ?? '';
  const address = `127.0.0.1:${await freeLoopbackPort()}`;
  await local.request('PATCH', '/1.0', { config: { 'core.https_address': address } });
  origin = `https://${address}`;
  certDir = await mkdtemp(path.join(tmpdir(), 'dockyard-incus-remote-'));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  const clientCert = await readFile(path.join(certDir, 'client.crt'), 'utf8').catch(() => undefined);
  if (clientCert) {
    const fingerprint = new X509Certificate(clientCert).fingerprint256.replace(/:/g, '').toLowerCase();
    await local.request('DELETE', `/1.0/certificates/${fingerprint}`).catch(() => undefined);
  }
  await local.request('PATCH', '/1.0', { config: { 'core.https_address': previousAddress } });
  local.close();
  await rm(certDir, { recursive: true, force: true });
}, 60_000);

describe('an Incus over HTTPS', () => {
  it('trusts this client with an operator token, pins the daemon, and says what to set', async () => {
    const token = await issueToken(`dockyard-test-${process.pid}`);
    const trusted = await dockyardCli(['incus', 'trust', token], { DOCKYARD_INCUS_CERT_DIR: certDir });
    expect(trusted.stderr).toContain(`Trusted by the Incus at ${origin}`);
    expect(trusted.stdout).toBe(`DOCKYARD_INCUS_REMOTE=${origin}\n`);
    const daemon = await local.request<{ environment: { certificate_fingerprint: string } }>('GET', '/1.0');
    const pinned = new X509Certificate(await readFile(path.join(certDir, 'server.crt'), 'utf8'));
    expect(pinned.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(daemon.environment.certificate_fingerprint);

    const again = await dockyardCli(['incus', 'trust', token], { DOCKYARD_INCUS_CERT_DIR: path.join(certDir, 'another-client') });
    expect(again.stderr).toMatch(/refused the token .*A token is used once/s);
  }, 60_000);

  it('gives a learner a sandbox with a terminal and files, and tells of an operator stop, through the remote', async () => {
    server = await testServer('remote', remoteEnv());
    expect(server.context.engine.sandboxes.backend.target).toBe(`incus at ${origin}`);
    const learner = new Learner(server.url);
    const { id } = await learner.session();
    const put = await learner.request('PUT', `/api/sessions/${id}/files/content?path=/root/hello.txt`, 'over https\n', { 'content-type': 'application/octet-stream' });
    expect(put.status).toBe(204);
    const terminal = await learner.terminal(id, 'remote');
    terminal.type('cat /root/hello.txt; docker info --format "engine-{{.ServerVersion}}"; echo done-$((6*7))\n');
    const seen = await terminal.waitFor(/done-42\r\n/, 30_000);
    expect(seen).toMatch(/over https\r\n[\s\S]*engine-\d+\.\d+/);
    terminal.close();

    // The stop is made on the local socket; Dockyard hears of it on the remote's event stream.
    await stopAsOperator(server, id);
    await expect.poll(async () => (await learner.json<{ status: string }>('GET', `/api/sessions/${id}`)).body.status, { timeout: 30_000 }).toBe('lost');
  }, 180_000);

  it('refuses a daemon that does not show the pinned certificate', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dockyard-incus-pin-'));
    try {
      await copyFile(path.join(certDir, 'client.crt'), path.join(dir, 'client.crt'));
      await copyFile(path.join(certDir, 'client.key'), path.join(dir, 'client.key'));
      // Any other certificate: this client's own stands in for a daemon that was replaced.
      await copyFile(path.join(certDir, 'client.crt'), path.join(dir, 'server.crt'));
      await expect(prepareOn(remoteEnv(dir))).rejects.toThrow(/does not show the Incus certificate pinned for it/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a client the daemon does not trust, and a remote without certificates, saying what to run', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dockyard-incus-untrusted-'));
    try {
      await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp384r1', '-nodes', '-days', '1', '-subj', '/CN=stranger',
        '-keyout', path.join(dir, 'client.key'), '-out', path.join(dir, 'client.crt')]);
      await copyFile(path.join(certDir, 'server.crt'), path.join(dir, 'server.crt'));
      await expect(prepareOn(remoteEnv(dir))).rejects.toThrow(/does not trust this client's certificate.*npx dockyard incus trust <token>/);
      await expect(prepareOn(remoteEnv(path.join(dir, 'missing')))).rejects.toThrow(/client\.crt cannot be read.*incus config trust add dockyard/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a token that is not one, and one whose daemon is not at its addresses', async () => {
    const bad = await dockyardCli(['incus', 'trust', 'bm90IGEgdG9rZW4='], { DOCKYARD_INCUS_CERT_DIR: certDir });
    expect(bad.stderr).toMatch(/not one Incus issued/);
    const elsewhere = Buffer.from(JSON.stringify({ client_name: 'x', fingerprint: 'a'.repeat(64), addresses: [origin.slice('https://'.length)], secret: 's' })).toString('base64');
    const wrong = await dockyardCli(['incus', 'trust', elsewhere], { DOCKYARD_INCUS_CERT_DIR: certDir });
    expect(wrong.stderr).toMatch(/No address in the token reaches the Incus that issued it .* shows a certificate with fingerprint/);
  }, 60_000);

  it('writes no cgroup fence for a process that is not the sandbox it is said to be', async () => {
    // What a daemon on another machine would give: a pid that here is some other process.
    await expect(sandboxCgroups(process.pid, 'dy-some-sandbox')).rejects.toThrow(/is not that sandbox's on this machine/);
  });
});

describe('the pin', () => {
  it('accepts only the pinned certificate, whoever signed the one shown', async () => {
    // The chain check already refuses a stranger's certificate (the test above); this is the pin behind it.
    const pinned = await readFile(path.join(certDir, 'server.crt'), 'utf8');
    const check = pinnedTls('', '', pinned).checkServerIdentity!;
    const peer = (fingerprint256: string) => ({ fingerprint256 }) as PeerCertificate;
    expect(check('127.0.0.1', peer(new X509Certificate(pinned).fingerprint256))).toBeUndefined();
    expect(check('127.0.0.1', peer('AA:'.repeat(31) + 'AA'))).toBeInstanceOf(Error);
  });
});
