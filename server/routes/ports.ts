// The ports panel's source: what listens in the learner's sandbox, each port
// with the nested containers published on it (`docker run -p`), for the site
// to link to its web preview. The ports come from the host's view of the
// sandbox (engine.listeningPorts); the container names from `docker ps` in
// the sandbox, asked again when the ports change, when the names are stale,
// and, for a short while after a change, while a port has no container yet
// (docker-proxy listens before `docker ps` lists the container as running).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../context.ts';
import { replyToEngineErrors } from '../plugins/engine-errors.ts';
import { readySandbox, sessionGuard } from '../plugins/session-guard.ts';

const Params = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const Published = Type.Object({ name: Type.String(), image: Type.String(), target: Type.String() });
const Port = Type.Object({ port: Type.Integer(), containers: Type.Array(Published) });
const Ports = Type.Object({ ports: Type.Array(Port) });
type Published = Static<typeof Published>;

// A container replaced on the same port keeps the port set as it was: names are asked again after this long anyway.
const NAMES_MAX_AGE_MS = 15_000;
// After the ports change, a port without a container is asked about again this often, for NAMES_MAX_AGE_MS.
const UNNAMED_RETRY_MS = 2_000;
const DOCKER_PS_TIMEOUT_MS = 5_000;

/** `0.0.0.0:8080->80/tcp, :::8080->80/tcp` → 8080 → `80/tcp`, once per host port. */
export function publishedPorts(line: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const match of line.matchAll(/:(\d+)->(\d+\/\w+)/g)) found.set(Number(match[1]), match[2]);
  return found;
}

interface KnownNames {
  ports: string;
  /** When the ports last changed. */
  since: number;
  at: number;
  byPort: Map<number, Published[]>;
}

function needsAsking(names: KnownNames | undefined, key: string, ports: number[], now: number): boolean {
  if (!ports.length) return false;
  if (!names || names.ports !== key || now - names.at > NAMES_MAX_AGE_MS) return true;
  const settling = now - names.since < NAMES_MAX_AGE_MS;
  return settling && now - names.at > UNNAMED_RETRY_MS && ports.some((port) => !names.byPort.has(port));
}

export const portRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions }) => {
  replyToEngineErrors(app);
  const known = new Map<string, KnownNames>();
  engine.sandboxes.on('destroyed', (sandbox) => known.delete(sandbox.id));

  async function containersByPort(sandboxId: string): Promise<Map<number, Published[]>> {
    const result = await engine.sandboxes.run(sandboxId, ['docker', 'ps', '--format', '{{.Names}}\t{{.Image}}\t{{.Ports}}'], { timeoutMs: DOCKER_PS_TIMEOUT_MS });
    const byPort = new Map<number, Published[]>();
    if (result.exitCode !== 0) return byPort;
    for (const line of result.stdout.split('\n').filter(Boolean)) {
      const [name, image, ports = ''] = line.split('\t');
      for (const [port, target] of publishedPorts(ports)) byPort.set(port, [...(byPort.get(port) ?? []), { name, image, target }]);
    }
    return byPort;
  }

  app.get('/api/sessions/:id/ports', { schema: { params: Params, response: { 200: Ports } }, onRequest: sessionGuard(sessions) }, async (request, reply) => {
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    const ports = await engine.sandboxes.listeningPorts(sandboxId);
    let names = known.get(sandboxId);
    const key = ports.join(',');
    const now = Date.now();
    if (needsAsking(names, key, ports, now)) {
      const since = names?.ports === key ? names.since : now;
      names = { ports: key, since, at: now, byPort: await containersByPort(sandboxId) };
      known.set(sandboxId, names);
    }
    return { ports: ports.map((port) => ({ port, containers: names?.byPort.get(port) ?? [] })) };
  });
};
