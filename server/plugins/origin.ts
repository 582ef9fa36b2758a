// Browsers send Origin on WebSocket upgrades and cross-site requests; refuse
// any that is neither this server nor one the operator allowed. Requests
// without Origin come from non-browser clients, which cookies don't ride on.
import type { FastifyReply, FastifyRequest } from 'fastify';

export function originCheck(allowed: string[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (!origin || allowed.includes(origin)) return;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      host = '';
    }
    if (host && host === request.headers.host) return;
    return reply.code(403).send({ error: 'origin_refused', message: `origin ${origin} may not use this server` });
  };
}
