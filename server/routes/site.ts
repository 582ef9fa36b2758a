// The lesson site: the static build in DOCKYARD_SITE_DIR, with its hashed
// assets cached for good, HTML always revalidated, and the .br/.gz files the
// build wrote served to browsers that take them. When the site was never
// built the API still works and / says how to build it.
import { access } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Cache policy by file: Astro puts a content hash in every name under /_astro/. */
export function cacheControlFor(file: string): string {
  return file.split(path.sep).includes('_astro') ? IMMUTABLE : REVALIDATE;
}

const NOT_BUILT = (dir: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dockyard: site not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The lesson site is not built</h1>
<p>Dockyard's API is running, but there is no built site in <code>${dir.replace(/[<>&]/g, '')}</code>.</p>
<p>Build it with <code>npm run build</code> (or <code>npx dockyard prepare</code>; <code>npm start</code> does it too), then reload this page.
Set <code>DOCKYARD_SITE_DIR</code> to serve a site built elsewhere.</p>
</body></html>`;

export const siteRoutes: FastifyPluginAsyncTypebox<Pick<ServerContext, 'config'>> = async (app, { config }) => {
  const root = path.resolve(config.DOCKYARD_SITE_DIR);
  const exists = (file: string) => access(path.join(root, file)).then(() => true, () => false);
  const built = await exists('index.html');

  app.get('/', async (_request, reply) => {
    if (built) return reply.redirect('/en/', 302);
    return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT(root));
  });
  if (!built) {
    app.log.warn({ siteDir: root }, 'no built lesson site; serving the API only');
    return;
  }

  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    preCompressed: true,
    // /en → /en/ (the site's URLs end in a slash)
    redirect: true,
    index: ['index.html'],
    setHeaders(reply, file) {
      reply.header('cache-control', cacheControlFor(file));
    },
  });

  // The catch-all above sends every unknown path here. A person gets the
  // site's page; programs get fastify's usual JSON.
  const notFoundPage = await exists('404.html');
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage = notFoundPage && request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) return reply.code(404).header('cache-control', REVALIDATE).sendFile('404.html');
    return reply.code(404).send({ message: `Route ${request.method}:${request.url} not found`, error: 'Not Found', statusCode: 404 });
  });
};
