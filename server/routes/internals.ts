// The internals inspector's source: what the kernel shows of the learner's
// sandbox and of each container in it (engine/internals), for the lesson
// page's Inside tab.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServerContext } from '../context.ts';
import { replyToEngineErrors } from '../plugins/engine-errors.ts';
import { readySandbox, sessionGuard } from '../plugins/session-guard.ts';

const Params = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Namespace = Type.Object({ kind: Type.String(), id: Type.String(), shared: Type.Boolean() });
const Cgroup = Type.Object({
  path: Type.String(),
  memory: Type.Object({ usedBytes: Nullable(Type.Number()), limitBytes: Nullable(Type.Number()) }),
  processes: Type.Object({ count: Nullable(Type.Number()), limit: Nullable(Type.Number()) }),
  cpus: Nullable(Type.Number()),
});
const Interface = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  bridge: Type.Optional(Type.String()),
  up: Type.Boolean(),
  addresses: Type.Array(Type.String()),
});
const Container = Type.Object({
  id: Type.String(),
  name: Type.String(),
  image: Type.String(),
  pid: Type.Number(),
  namespaces: Type.Array(Namespace),
  cgroup: Cgroup,
  overlay: Nullable(Type.Object({ lowerLayers: Type.Array(Type.String()), upper: Type.String(), upperBytes: Nullable(Type.Number()) })),
  interfaces: Type.Array(Interface),
});
const Internals = Type.Object({
  namespaces: Type.Array(Namespace),
  cgroup: Cgroup,
  interfaces: Type.Array(Interface),
  containers: Type.Array(Container),
  containersNotShown: Type.Integer(),
});

export const internalsRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions }) => {
  replyToEngineErrors(app);
  app.get('/api/sessions/:id/internals', { schema: { params: Params, response: { 200: Internals } }, onRequest: sessionGuard(sessions) }, async (request, reply) => {
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    return engine.sandboxes.internals(sandboxId);
  });
};
