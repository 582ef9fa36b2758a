// DNS rebinding: a page on evil.example that re-resolves its name to this
// server's address is same-origin with it in the browser, cookies and
// WebSockets included. Only the Host header tells it apart, so every request
// (WebSocket upgrades too) with a Host that is not one of ours is refused
// before any route, or the body, is looked at.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { arrival, type OwnNames } from './own-names.ts';

function refusal(host: string | undefined): string {
  if (!host) return 'the request has no Host header; send the name this server is reached by';
  const shown = host.slice(0, 100);
  const name = shown.replace(/:\d+$/, '');
  return `this server does not answer to the name ${JSON.stringify(shown)}, so pages served under it cannot reach learners' shells. ` +
    `If learners reach Dockyard as ${name}, set DOCKYARD_PUBLIC_URL to that origin (e.g. https://${name}) or add ${name} to DOCKYARD_ALLOWED_HOSTS`;
}

export const hostAllowlist = fp(async (app: FastifyInstance, { names }: { names: OwnNames }) => {
  app.addHook('onRequest', async (request, reply) => {
    if (names.host(request.headers.host, arrival(request))) return;
    // 421 Misdirected Request: the name belongs to some other server.
    return reply.code(421).send({ error: 'host_refused', message: refusal(request.headers.host) });
  });
}, { name: 'dockyard-host-allowlist' });
