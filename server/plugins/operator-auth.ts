// Operator endpoints (/metrics, health details, /drafts/) show counts of
// learners, server memory, paths on the host and unpublished lessons. With
// DOCKYARD_OPERATOR_TOKEN set they answer to `Authorization: Bearer <token>`.
// Without it they answer only to programs and browsers on this machine, so a
// default local install keeps its instructor preview and health checks
// working with nothing to set up, and a server reached over a network shows
// them to no one. A request that came through a proxy (which makes every
// client look local) or to a server with a public URL is not treated as local.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config.ts';

type OperatorSettings = Pick<ServerConfig, 'DOCKYARD_OPERATOR_TOKEN' | 'DOCKYARD_PUBLIC_URL'>;

interface Refusal {
  status: 401 | 403;
  error: string;
  message: string;
}

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

// Hashing both sides gives equal lengths, which timingSafeEqual needs, and leaks no length.
const digest = (text: string) => createHash('sha256').update(text).digest();

/** Why this request may not see operator data, or undefined when it may. */
export function operatorRefusal(config: OperatorSettings, request: FastifyRequest): Refusal | undefined {
  const token = config.DOCKYARD_OPERATOR_TOKEN;
  if (token) {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (given && timingSafeEqual(digest(given), digest(token))) return undefined;
    return { status: 401, error: 'operator_token_required', message: 'this is for operators: send Authorization: Bearer <DOCKYARD_OPERATOR_TOKEN>' };
  }
  const why = config.DOCKYARD_PUBLIC_URL
    ? `DOCKYARD_PUBLIC_URL is set (${config.DOCKYARD_PUBLIC_URL}), so this server is public`
    : !LOOPBACK.test(request.socket.remoteAddress ?? '')
      ? 'without DOCKYARD_OPERATOR_TOKEN it answers only to clients on this machine'
      : PROXY_HEADERS.some((name) => request.headers[name] !== undefined)
        ? 'the request came through a proxy, and without DOCKYARD_OPERATOR_TOKEN it answers only to clients on this machine'
        : undefined;
  if (!why) return undefined;
  return { status: 403, error: 'operator_only', message: `this is for operators: ${why}. Set DOCKYARD_OPERATOR_TOKEN and send it as Authorization: Bearer <token>` };
}

/** An onRequest hook that lets only operators through. */
export function operatorOnly(config: OperatorSettings) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const refusal = operatorRefusal(config, request);
    if (!refusal) return;
    if (refusal.status === 401) reply.header('www-authenticate', 'Bearer realm="dockyard-operator"');
    return reply.code(refusal.status).send({ error: refusal.error, message: refusal.message });
  };
}
