// A WebSocket upgrade is answered only by the routes made for one. Any other
// route would complete the handshake and then close the socket (1005), which
// tells a client nothing; refuse it with an HTTP answer instead.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type {} from '@fastify/websocket';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on routes declared with `websocket: true`. */
    acceptsWebSocket?: boolean;
  }
}

export function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket';
}

export const upgradeGuard = fp(async (app: FastifyInstance) => {
  app.addHook('onRoute', (route) => {
    if (route.websocket) route.config = { ...route.config, acceptsWebSocket: true };
  });
  app.addHook('onRequest', async (request, reply) => {
    // Unknown paths keep their 404.
    if (!isWebSocketUpgrade(request) || request.is404 || request.routeOptions.config.acceptsWebSocket) return;
    return reply.code(400).send({ error: 'not_a_websocket', message: `${request.routeOptions.url} does not take WebSocket upgrades; terminals are at /api/sessions/:id/terminals/:name` });
  });
}, { name: 'dockyard-upgrade-guard' });
