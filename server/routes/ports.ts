// The ports panel's source: what listens in the learner's sandbox, each port
// with the nested containers published on it (`docker run -p`), for the site
// to link to its web preview. The ports come from the host's view of the
// sandbox (engine.listeningPorts); the container names from `docker ps` in
// the sandbox, asked again only when the ports change or the names are stale.
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
const DOCKER_PS_TIMEOUT_MS = 5_000;

/** `0.0.0.0:8080->80/tcp, :::8080->80/tcp` → 8080 → `80/tcp`, once per host port. */
export function publishedPorts(line: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const match of line.matchAll(/:(\d+)->(\d+\/\w+)/g)) found.set(Number(match[1]), match[2]);
  return found;
}

interface KnownNames {
  ports: string;
  at: number;
  byPort: Map<number, Published[]>;
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
    if (ports.length && (!names || names.ports !== key || Date.now() - names.at > NAMES_MAX_AGE_MS)) {
      names = { ports: key, at: Date.now(), byPort: await containersByPort(sandboxId) };
      known.set(sandboxId, names);
    }
    return { ports: ports.map((port) => ({ port, containers: names?.byPort.get(port) ?? [] })) };
  });
};
