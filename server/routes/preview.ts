// Web preview: /preview/:id/:port/… shows what a learner serves on that port
// inside their sandbox (e.g. `docker run -p 8080:80 nginx`), to that learner
// only. Pages are sandboxed by CSP so their scripts cannot use Dockyard's API
// (preview-headers.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServerContext } from '../context.ts';
import { replyToEngineErrors } from '../plugins/engine-errors.ts';
import { readySandbox, sessionGuard } from '../plugins/session-guard.ts';
import { proxyThroughTunnel } from './preview-proxy.ts';
import { previewTarget } from './preview-target.ts';

// The port is checked by previewTarget, from the raw URL, to give a reason when it is wrong.
const PreviewParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  port: Type.String(),
  '*': Type.Optional(Type.String()),
});

export const previewRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions }) => {
  replyToEngineErrors(app);
  // Bodies go to the learner's server untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const learnerOwnsSession = sessionGuard(sessions);

  async function preview(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const target = previewTarget(request.raw.url!);
    if ('reason' in target) return reply.code(400).send({ error: 'port_invalid', message: target.reason });
    await learnerOwnsSession(request, reply);
    if (reply.sent) return reply;
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    const tunnel = await engine.sandboxes.connect(sandboxId, target.port);
    return proxyThroughTunnel(tunnel, target, request, reply);
  }

  // Without a trailing slash the page is the server's `/`, as a browser would ask for it.
  app.all('/preview/:id/:port', { schema: { params: PreviewParams } }, preview);
  app.all('/preview/:id/:port/*', { schema: { params: PreviewParams } }, preview);
};
