// For operators: health (is the engine reachable, is the image ready, how full
// is the pool) and Prometheus metrics.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.ts';

export const operationsRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions, terminals, metrics }) => {
  app.get('/api/health', async (_request, reply) => {
    const reachable = await Promise.race([
      engine.docker.ping().then(() => true, () => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
    ]);
    const image = await engine.docker.getImage(engine.plan.sandboxImage).inspect().then(() => true, () => false);
    const pool = engine.pool.health();
    const ok = reachable && image && !pool.lastError;
    if (!reachable) metrics.engineErrors.inc({ operation: 'ping' });
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      engine: { reachable },
      image: { tag: engine.plan.sandboxImage, ready: image },
      pool,
      sandboxes: engine.sandboxes.list().length,
      sessions: sessions.all().length,
      queue: sessions.queueLength(),
      terminals: terminals.count(),
    });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
