// For operators: health (is the engine reachable, is the image ready, is there
// disk to spare, how full is the pool; each problem in words) and Prometheus
// metrics. Anyone may ask whether the server is up (`{ status }`, 200 or 503:
// load balancers and the site's own pages do); the details and the metrics are
// for operators only (operator-auth.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.ts';
import { operatorOnly, operatorRefusal } from '../plugins/operator-auth.ts';

export const operationsRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions, terminals, metrics, config }) => {
  app.get('/api/health', async (request, reply) => {
    const { reachable, imageReady: image } = await Promise.race([
      engine.backend.check(),
      new Promise<{ reachable: boolean; imageReady: boolean }>((resolve) => setTimeout(() => resolve({ reachable: false, imageReady: false }), 2000).unref()),
    ]);
    if (engine.status.isUp) await engine.sandboxes.measureDisk();
    const state = engine.status.view();
    const pool = engine.pool.health();
    // Each problem says what is wrong in words an operator can act on.
    const problems: string[] = [];
    if (state.state !== 'up') problems.push(state.reason ?? `the container engine is ${state.state}`);
    else if (!reachable) problems.push('the container engine does not answer a ping');
    else if (!image) problems.push(`the sandbox image ${engine.backend.image} is missing`);
    const refusal = engine.status.refusal();
    if (refusal?.code === 'disk_full') problems.push(refusal.message);
    if (pool.lastError) problems.push(`the warm pool could not create a sandbox: ${pool.lastError}`);
    if (!reachable) metrics.engineErrors.inc({ operation: 'ping' });
    const status = problems.length ? 'degraded' : 'ok';
    reply.code(problems.length ? 503 : 200);
    if (operatorRefusal(config, request)) return reply.send({ status });
    return reply.send({
      status,
      problems,
      engine: { backend: engine.backend.name, profile: engine.backend.profile, reachable, state: state.state, since: state.since, ...(state.reason ? { reason: state.reason } : {}) },
      disk: state.disk,
      image: { tag: engine.backend.image, ready: image },
      pool,
      sandboxes: engine.sandboxes.list().length,
      sessions: sessions.all().length,
      queue: sessions.queueLength(),
      terminals: terminals.count(),
    });
  });

  app.get('/metrics', { onRequest: operatorOnly(config) }, async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
