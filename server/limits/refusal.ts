// Every limit refuses the same way: 429, a Retry-After header, and words
// that say which limit was hit and when it clears.

import type { FastifyReply } from 'fastify';

export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Sends 429 `{ error, message }`; `message` gets "Try again in N s." appended. */
export function refuse(reply: FastifyReply, error: string, retryAfterMs: number, message: string): FastifyReply {
  const seconds = retryAfterSeconds(retryAfterMs);
  return reply.code(429).header('retry-after', String(seconds)).send({ error, message: `${message} Try again in ${seconds} s.` });
}
