// Web preview: /preview/:id/:port/… shows what a learner serves on that port
// inside their sandbox (e.g. `docker run -p 8080:80 nginx`), to that learner
// only. Pages are sandboxed by CSP so their scripts cannot use Dockyard's API
// (preview-headers.ts). With DOCKYARD_PREVIEW_ORIGIN set, previews are served
// only on that origin and the site's /preview/… URLs lead there (preview-origin.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServerContext } from '../context.ts';
import { replyToEngineErrors } from '../plugins/engine-errors.ts';
import { readySandbox, sessionGuard } from '../plugins/session-guard.ts';
import { ENTER_PATH, PreviewOrigin } from './preview-origin.ts';
import { proxyThroughTunnel } from './preview-proxy.ts';
import { previewTarget, type PreviewTarget } from './preview-target.ts';

// The port is checked by previewTarget, from the raw URL, to give a reason when it is wrong.
const PreviewParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  port: Type.String(),
  '*': Type.Optional(Type.String()),
});

const EnterQuery = Type.Object({
  token: Type.String({ maxLength: 1024 }),
  // The page to show after entering: a request target as the site received it (printable ASCII).
  to: Type.String({ pattern: '^/[\\x21-\\x7e]*$', maxLength: 16384 }),
});

// Redirects that carry or answer a token: not to be cached, and not to leak it as a Referer.
function noTrace(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

export const previewRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions, config }) => {
  replyToEngineErrors(app);
  // Bodies go to the learner's server untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const origin = config.DOCKYARD_PREVIEW_ORIGIN ? new PreviewOrigin(config.DOCKYARD_PREVIEW_ORIGIN, app) : undefined;
  const learnerOwnsSession = sessionGuard(sessions);

  // The site, when previews have an origin of their own: it lets the learner in there instead of serving the page.
  function sendToPreviewOrigin(previewOrigin: PreviewOrigin, target: PreviewTarget, request: FastifyRequest, reply: FastifyReply) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.code(403).send({ error: 'preview_elsewhere', message: `previews are served from ${previewOrigin.origin}, not from this origin` });
    }
    const grant = { sessionId: request.session!.id, port: target.port, learner: request.learner! };
    return noTrace(reply).code(303).header('location', previewOrigin.entryUrl(grant, target.path)).send();
  }

  async function preview(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const target = previewTarget(request.raw.url!);
    if ('reason' in target) return reply.code(400).send({ error: 'port_invalid', message: target.reason });
    const onPreviewOrigin = origin?.serves(request) ?? false;
    if (origin && onPreviewOrigin) {
      // No learner cookie reaches this origin: the browser shows it was let in to this session's port.
      const learner = origin.admitted(request, request.params.id, target.port);
      if (!learner) return reply.code(401).send({ error: 'preview_not_admitted', message: 'open this preview from Dockyard (its /preview/… link on the site) first' });
      request.learner = learner;
    }
    await learnerOwnsSession(request, reply);
    if (reply.sent) return reply;
    if (origin && !onPreviewOrigin) return sendToPreviewOrigin(origin, target, request, reply);
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    const tunnel = await engine.sandboxes.connect(sandboxId, target.port);
    return proxyThroughTunnel(tunnel, target, request, reply);
  }

  // Without a trailing slash the page is the server's `/`, as a browser would ask for it.
  app.all('/preview/:id/:port', { schema: { params: PreviewParams } }, preview);
  app.all('/preview/:id/:port/*', { schema: { params: PreviewParams } }, preview);

  app.get(ENTER_PATH, { schema: { querystring: EnterQuery } }, async (request, reply) => {
    if (!origin?.serves(request)) {
      return reply.code(404).send({ error: 'not_found', message: `${ENTER_PATH} exists only on the preview origin (DOCKYARD_PREVIEW_ORIGIN)` });
    }
    const grant = origin.redeem(request.query.token);
    if (!grant) return noTrace(reply).code(403).send({ error: 'preview_token_invalid', message: 'this preview link has expired or was used already; open the preview from Dockyard again' });
    origin.admit(reply, grant);
    return noTrace(reply).code(303).header('location', `/preview/${grant.sessionId}/${grant.port}${request.query.to}`).send();
  });
};
