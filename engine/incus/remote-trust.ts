// Becoming a trusted client of an Incus over HTTPS, the way `incus remote add`
// does: the operator issues a token on the Incus host (`incus config trust add
// dockyard`); the token carries the daemon's addresses and the fingerprint of
// its certificate, so the certificate met at the address is checked against
// it and pinned, and the token's secret makes the daemon trust this client's
// certificate (made here with openssl when there is none).
import { X509Certificate, createHash } from 'node:crypto';
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import tls from 'node:tls';
import { z } from 'zod';
import type { EngineConfig } from '../config.ts';
import { EngineUnavailableError } from '../errors.ts';
import { runProgram, type Say } from '../host/commands.ts';
import { IncusClient, IncusError } from './client.ts';
import { pinnedTls, remoteIdentityFiles, type RemoteIdentityFiles } from './endpoint.ts';

const CONNECT_TIMEOUT_MS = 10_000;

const TrustToken = z.object({
  client_name: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 fingerprint'),
  addresses: z.array(z.string().min(1)).min(1, 'at least one address'),
  secret: z.string().min(1),
  expires_at: z.string().optional(),
});
type TrustToken = z.output<typeof TrustToken>;

export function decodeTrustToken(token: string): TrustToken {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token.trim(), 'base64').toString('utf8'));
  } catch {
    throw new EngineUnavailableError('The trust token is not one Incus issued (expected the base64 text `incus config trust add <name>` prints).');
  }
  const parsed = TrustToken.safeParse(json);
  if (!parsed.success) throw new EngineUnavailableError(`The trust token is not one Incus issued: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  return parsed.data;
}

const exists = (file: string) => access(file).then(() => true, () => false);

/** This client's key pair (EC P-384, ten years), made once; the key readable by its owner only. */
export async function ensureClientCertificate(files: RemoteIdentityFiles, say: Say): Promise<void> {
  if ((await exists(files.clientCert)) && (await exists(files.clientKey))) return;
  await mkdir(path.dirname(files.clientCert), { recursive: true, mode: 0o700 });
  say(`Making this client's certificate for Incus: ${files.clientCert}`);
  await runProgram('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp384r1', '-nodes', '-days', '3650', '-subj', '/CN=dockyard',
    '-keyout', files.clientKey, '-out', files.clientCert], say);
  await chmod(files.clientKey, 0o600);
}

function splitAddress(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  return match ? { host: match[1], port: Number(match[2]) } : { host: address, port: 8443 };
}

/** The certificate the daemon at `address` presents, in PEM; nothing is trusted yet. */
function presentedCertificate(address: string): Promise<string> {
  const { host, port } = splitAddress(address);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, timeout: CONNECT_TIMEOUT_MS }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(new X509Certificate(raw).toString());
    });
    socket.once('timeout', () => socket.destroy(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000}s`)));
    socket.once('error', reject);
  });
}

const sha256Hex = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

/** The first of the token's addresses whose daemon shows the certificate the token names. */
async function findIssuer(token: TrustToken): Promise<{ address: string; certificate: string }> {
  const seen: string[] = [];
  for (const address of token.addresses) {
    try {
      const certificate = await presentedCertificate(address);
      if (sha256Hex(certificate) === token.fingerprint) return { address, certificate };
      seen.push(`${address} shows a certificate with fingerprint ${sha256Hex(certificate)}`);
    } catch (err) {
      seen.push(`${address}: ${(err as Error).message}`);
    }
  }
  throw new EngineUnavailableError(`No address in the token reaches the Incus that issued it (fingerprint ${token.fingerprint}): ${seen.join('; ')}.`);
}

/** Trusts this client with the daemon that issued `token`, pins the daemon, and says what to set. */
export async function trustRemote(rawToken: string, config: Pick<EngineConfig, 'DOCKYARD_INCUS_CERT_DIR' | 'DOCKYARD_STATE_DIR'>, say: Say): Promise<string> {
  const token = decodeTrustToken(rawToken);
  const files = remoteIdentityFiles(config);
  await ensureClientCertificate(files, say);
  const { address, certificate } = await findIssuer(token);
  const origin = new URL(`https://${address}`).origin;
  const client = new IncusClient({ kind: 'https', origin, tls: pinnedTls(await readFile(files.clientCert, 'utf8'), await readFile(files.clientKey, 'utf8'), certificate) });
  try {
    const before = await client.request<{ auth?: string }>('GET', '/1.0');
    if (before.auth !== 'trusted') {
      await client.request('POST', '/1.0/certificates', { trust_token: rawToken.trim() }).catch((err: unknown) => {
        if (!(err instanceof IncusError)) throw err;
        throw new EngineUnavailableError(`The Incus at ${origin} refused the token (${err.message}). A token is used once and may expire: issue a new one with \`incus config trust add dockyard\`.`);
      });
    }
    const after = await client.request<{ auth?: string }>('GET', '/1.0');
    if (after.auth !== 'trusted') throw new EngineUnavailableError(`The Incus at ${origin} took the token but still does not trust this client.`);
  } finally {
    client.close();
  }
  await writeFile(files.serverCert, certificate, { mode: 0o644 });
  say(`Trusted by the Incus at ${origin}; its certificate (${token.fingerprint}) is pinned in ${files.serverCert}.`);
  return origin;
}
