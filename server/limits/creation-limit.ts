// How often sandboxes may be created: per learner (cookie) and per client
// address (IPv4 address, IPv6 /64). Only requests that would start a sandbox
// count (a new session, a reset, a lost session's replacement): a lesson page
// that resumes the learner's session is a page view, not a sandbox request.
// A refused request does count, so hammering at a limit does not shorten it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addressKey } from './address.ts';
import { refuse } from './refusal.ts';

export interface CreationLimits {
  perLearner: number;
  perClient: number;
}

const WINDOW_MS = 60_000;

/** Returns a check that counts one sandbox creation for the request's learner and address, or answers 429 and returns false. */
export function creationLimit(app: FastifyInstance, limits: CreationLimits) {
  // @fastify/rate-limit's counters, used directly: only some requests to a route count.
  const byLearner = app.createRateLimit({ max: limits.perLearner, timeWindow: WINDOW_MS, keyGenerator: (request) => `learner:${request.learner}` });
  const byClient = app.createRateLimit({ max: limits.perClient, timeWindow: WINDOW_MS, keyGenerator: (request) => `client:${addressKey(request.ip)}` });

  return async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const learner = await byLearner(request);
    if (!learner.isAllowed && learner.isExceeded) {
      refuse(reply, 'rate_limited', learner.ttl,
        `You started ${limits.perLearner} sandboxes (new sessions or resets) in the last minute, the most one learner may (DOCKYARD_LEARNER_RATE_LIMIT).`);
      return false;
    }
    const client = await byClient(request);
    if (!client.isAllowed && client.isExceeded) {
      refuse(reply, 'rate_limited', client.ttl,
        `${limits.perClient} sandboxes were started from your address in the last minute, the most one address may (DOCKYARD_SESSION_RATE_LIMIT).`);
      return false;
    }
    return true;
  };
}
