// One Origin policy for the whole server: every request that can change
// state (any method but GET, HEAD and OPTIONS) and every WebSocket upgrade
// must come from one of this server's own origins (own-names.ts). It runs
// before any route and before a body is read.
//
// Browsers send Origin on all of those requests, same-origin ones included,
// so a page cannot leave it out. A request without Origin therefore comes from
// a program (curl, a script, the tests): such a client carries only the
// cookies it was given itself, so it cannot act for a learner (no CSRF), and
// refusing it would protect nothing.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { arrival, type OwnNames } from './own-names.ts';
import { isWebSocketUpgrade } from './upgrade-guard.ts';

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// A learner's own app behind /preview/ posts its forms from its sandboxed
// page, whose Origin is `null`: that one is taken there, or the learner's app
// would break. A foreign page sending `null` gets no learner cookie with it
// (SameSite=Lax), so it is refused by the session guard instead.
const PREVIEWS = '/preview/';
const SANDBOXED_PAGE = 'null';

export const originPolicy = fp(async (app: FastifyInstance, { names }: { names: OwnNames }) => {
  app.addHook('onRequest', async (request, reply) => {
    if (READ_ONLY_METHODS.has(request.method) && !isWebSocketUpgrade(request)) return;
    const origin = request.headers.origin;
    if (origin === undefined || names.origin(origin, arrival(request))) return;
    if (origin === SANDBOXED_PAGE && request.url.startsWith(PREVIEWS) && !isWebSocketUpgrade(request)) return;
    return reply.code(403).send({
      error: 'origin_refused',
      message: `origin ${origin.slice(0, 100)} may not use this server; an operator can allow it with DOCKYARD_PUBLIC_URL or DOCKYARD_ALLOWED_ORIGINS`,
    });
  });
}, { name: 'dockyard-origin-policy' });
