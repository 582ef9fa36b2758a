// Web preview: /preview/:id/:port/… shows what a learner serves on that port
// inside their sandbox (e.g. `docker run -p 8080:80 nginx`), to that learner
// only. Pages are sandboxed by CSP so their scripts cannot use Dockyard's API.
import http from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServerContext } from '../context.ts';
import { replyToEngineErrors } from '../plugins/engine-errors.ts';
import { readySandbox, sessionGuard } from '../plugins/session-guard.ts';

const PreviewParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  '*': Type.String(),
});

const UPSTREAM_TIMEOUT_MS = 30_000;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'cookie']);

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

export const previewRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions }) => {
  replyToEngineErrors(app);
  // Bodies go to the learner's server untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.all('/preview/:id/:port/*', { schema: { params: PreviewParams }, preHandler: sessionGuard(sessions) }, async (request, reply) => {
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    const { port } = request.params;
    // The raw URL keeps the learner's encoding (%20, %2F); the routed wildcard is already decoded.
    const prefix = `/preview/${request.params.id}/${port}`;
    const upstreamPath = request.raw.url!.slice(prefix.length) || '/';
    const tunnel = await engine.sandboxes.connect(sandboxId, port);
    // The response closing unfinished means the browser went away (the request's own
    // 'close' only says its body was read).
    reply.raw.on('close', () => { if (!reply.raw.writableFinished) tunnel.destroy(); });
    try {
      const upstream = http.request({
        createConnection: () => tunnel as never,
        method: request.method,
        path: upstreamPath,
        headers: { ...forwardable(request.headers), host: `localhost:${port}`, connection: 'close' },
      });
      request.raw.pipe(upstream);
      // The tunnel is no net.Socket, so http's own setTimeout cannot be used.
      const response = await new Promise<http.IncomingMessage | Error>((resolve) => {
        const timer = setTimeout(() => upstream.destroy(new Error('timed out')), UPSTREAM_TIMEOUT_MS);
        upstream.on('response', (res) => { clearTimeout(timer); resolve(res); });
        upstream.on('error', (err) => { clearTimeout(timer); resolve(err); });
      });
      if (response instanceof Error || response.statusCode === undefined) {
        tunnel.destroy();
        return reply.code(502).send({ error: 'preview_unreachable', message: `nothing answered HTTP on port ${port} in the sandbox` });
      }
      response.on('close', () => tunnel.destroy());
      return reply
        .code(response.statusCode)
        .headers(forwardable(response.headers))
        .header('content-security-policy', 'sandbox allow-scripts allow-forms allow-popups allow-modals')
        .send(response);
    } catch (err) {
      tunnel.destroy();
      throw err;
    }
  });
};
