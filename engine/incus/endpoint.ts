// Where Dockyard reaches Incus: the daemon's unix socket on this machine (the
// default), or its HTTPS API with a client certificate the daemon trusts. Over
// HTTPS the daemon is pinned by its own certificate, saved when the client was
// trusted, so no certificate authority and no host name is relied on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { EngineConfig } from '../config.ts';
import { EngineUnavailableError } from '../errors.ts';

export const DEFAULT_INCUS_SOCKET = '/var/lib/incus/unix.socket';

export interface UnixEndpoint {
  kind: 'unix';
  socketPath: string;
}

export interface HttpsEndpoint {
  kind: 'https';
  /** `https://host:port`, no path. */
  origin: string;
  tls: ConnectionOptions;
}

export type IncusEndpoint = UnixEndpoint | HttpsEndpoint;

/** The files of an HTTPS remote: this client's key pair and the daemon's certificate. */
export interface RemoteIdentityFiles {
  clientCert: string;
  clientKey: string;
  serverCert: string;
}

export function remoteIdentityFiles(config: Pick<EngineConfig, 'DOCKYARD_INCUS_CERT_DIR' | 'DOCKYARD_STATE_DIR'>): RemoteIdentityFiles {
  const dir = config.DOCKYARD_INCUS_CERT_DIR ?? path.join(config.DOCKYARD_STATE_DIR, 'incus-remote');
  return { clientCert: path.join(dir, 'client.crt'), clientKey: path.join(dir, 'client.key'), serverCert: path.join(dir, 'server.crt') };
}

export function unixEndpoint(socketPath = process.env.INCUS_SOCKET || DEFAULT_INCUS_SOCKET): UnixEndpoint {
  return { kind: 'unix', socketPath };
}

export function describeEndpoint(endpoint: IncusEndpoint): string {
  return endpoint.kind === 'unix' ? `unix://${endpoint.socketPath}` : endpoint.origin;
}

/** TLS that accepts exactly the pinned daemon certificate and presents this client's. */
export function pinnedTls(clientCert: string, clientKey: string, serverCert: string): ConnectionOptions {
  const pinned = new X509Certificate(serverCert).fingerprint256;
  return {
    cert: clientCert,
    key: clientKey,
    ca: serverCert,
    // The daemon's certificate names its host, not necessarily the address used: the pin is what identifies it.
    checkServerIdentity: (_host, peer) => (peer.fingerprint256 === pinned ? undefined : new Error(`the Incus daemon's certificate (${peer.fingerprint256}) is not the pinned one (${pinned})`)),
  };
}

function readIdentityFile(file: string, what: string, origin: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new EngineUnavailableError(`DOCKYARD_INCUS_REMOTE is ${origin}, but ${what} ${file} cannot be read. Have the Incus host issue a token (\`incus config trust add dockyard\`) and run \`npx dockyard incus trust <token>\` here.`);
  }
}

/** The endpoint the configuration names: DOCKYARD_INCUS_REMOTE with its certificates, else the local socket. */
export function configuredEndpoint(config: Pick<EngineConfig, 'DOCKYARD_INCUS_REMOTE' | 'DOCKYARD_INCUS_CERT_DIR' | 'DOCKYARD_STATE_DIR'>): IncusEndpoint {
  const origin = config.DOCKYARD_INCUS_REMOTE;
  if (!origin) return unixEndpoint();
  const files = remoteIdentityFiles(config);
  return {
    kind: 'https',
    origin,
    tls: pinnedTls(
      readIdentityFile(files.clientCert, "this client's certificate", origin),
      readIdentityFile(files.clientKey, "this client's key", origin),
      readIdentityFile(files.serverCert, "the daemon's pinned certificate", origin),
    ),
  };
}
