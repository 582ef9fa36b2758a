// A learner is present while their page talks to the server about their
// session: the lesson page polls it every 30 s, and every file, check and
// preview request names it. Each answered request marks the session seen, so
// a closed browser's session turns away (admission.ts) after
// DOCKYARD_AWAY_AFTER, and a session restored after a restart learns its
// learner's address again.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { addressKey } from '../limits/address.ts';
import type { SessionManager } from './session-manager.ts';

export const presence = fp(async (app: FastifyInstance, { sessions }: { sessions: SessionManager }) => {
  app.addHook('onResponse', async (request, reply) => {
    // request.session is set by the session guard once it let the learner in.
    if (request.session && reply.statusCode < 400 && sessions.get(request.session.id) === request.session) {
      sessions.seen(request.session, addressKey(request.ip));
    }
  });
}, { name: 'dockyard-presence' });
