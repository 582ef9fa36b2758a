// Per-session caps on the routes that make the sandbox or the host work:
// how many requests a minute (@fastify/rate-limit) and how many at once
// (in-flight.ts). They are attached here, by route, after each route's own
// guards (so the session is known and only its learner's requests count),
// which keeps the numbers in one table. Sandbox creation (new sessions,
// resets) has its own limits per learner and address: creation-limit.ts.
//
// Numbers are per session; one learner has one session.
//   open    2 at a time, 60 a minute: each lesson page opens its exercises
//           together (two at most today) and a setup may pull images for
//           seconds; setup scripts run once per sandbox anyway.
//   check   1 at a time, 30 a minute: a check is several execs (M5: 40 at once
//           were 160 execs); a learner presses Check at most every few seconds.
//   files   4 at a time, 240 a minute: the editor lists a folder or opens a
//           file per click, and saves.
//   ports   2 at a time, 60 a minute: the page asks every 3 s while visible
//           (a few ms on the host; a `docker ps` in the sandbox when they change).
//   inside  1 at a time, 60 a minute: the inspector asks every 2 s while in
//           view; the host reads /proc and cgroup files, and enters the
//           network namespaces with `ip`.
//   preview 8 at a time, 600 a minute: a browser opens 6 connections to a
//           host and a page pulls tens of assets; each request is a tunnel exec.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { InFlight } from './in-flight.ts';
import { refuse } from './refusal.ts';

export interface RouteLimit {
  /** Words for the refusal: "checks", "file requests". */
  what: string;
  perMinute: number;
  atOnce: number;
}

export const ROUTE_LIMITS: { match: RegExp; limit: RouteLimit }[] = [
  { match: /^\/api\/sessions\/:id\/exercises\/:exerciseId\/open$/, limit: { what: 'exercise openings', perMinute: 60, atOnce: 2 } },
  { match: /^\/api\/sessions\/:id\/exercises\/:exerciseId\/check$/, limit: { what: 'checks', perMinute: 30, atOnce: 1 } },
  { match: /^\/api\/sessions\/:id\/files(\/content)?$/, limit: { what: 'file requests', perMinute: 240, atOnce: 4 } },
  { match: /^\/api\/sessions\/:id\/ports$/, limit: { what: 'port listings', perMinute: 60, atOnce: 2 } },
  { match: /^\/api\/sessions\/:id\/internals$/, limit: { what: 'inspector readings', perMinute: 60, atOnce: 1 } },
  { match: /^\/preview\/:id\/:port\/\*$/, limit: { what: 'preview requests', perMinute: 600, atOnce: 8 } },
];

function sessionKey(request: FastifyRequest): string {
  return request.session?.id ?? (request.params as { id?: string }).id ?? 'none';
}

function guardFor(app: FastifyInstance, limit: RouteLimit) {
  const perMinute = app.createRateLimit({ max: limit.perMinute, timeWindow: 60_000, keyGenerator: sessionKey });
  const atOnce = new InFlight(limit.atOnce);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = sessionKey(request);
    const counted = await perMinute(request);
    if (!counted.isAllowed && counted.isExceeded) {
      return refuse(reply, 'rate_limited', counted.ttl, `Too many ${limit.what}: at most ${limit.perMinute} a minute per session.`);
    }
    const release = atOnce.acquire(key);
    if (!release) {
      return refuse(reply, 'too_many_at_once', 1000,
        `Too many ${limit.what} at once: at most ${limit.atOnce} at a time per session; this clears as soon as one of them finishes.`);
    }
    // 'close' comes once the response is sent or the client went away, streamed or not.
    reply.raw.once('close', release);
  };
}

function appendPreHandler(route: RouteOptions, handler: ReturnType<typeof guardFor>): void {
  const existing = route.preHandler;
  route.preHandler = existing === undefined ? [handler] : [...(Array.isArray(existing) ? existing : [existing]), handler] as never;
}

/** Registers @fastify/rate-limit (off unless a route asks) and the table's caps; register before the routes. */
export const requestLimits = fp(async (app: FastifyInstance) => {
  await app.register(rateLimit, { global: false });
  // One guard per table row, shared by its routes (GET and PUT of files, HEAD) so they count together.
  const guards = new Map<RouteLimit, ReturnType<typeof guardFor>>();
  app.addHook('onRoute', (route) => {
    const entry = ROUTE_LIMITS.find(({ match }) => match.test(route.url));
    if (!entry) return;
    if (!guards.has(entry.limit)) guards.set(entry.limit, guardFor(app, entry.limit));
    appendPreHandler(route, guards.get(entry.limit)!);
  });
}, { name: 'dockyard-request-limits' });
