// Security headers on every answer (pages, API, errors) through helmet: a
// Content-Security-Policy the lesson site passes, no framing by other sites,
// nosniff, Referrer-Policy same-origin, and HSTS once the public URL is https.
import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

interface SecurityHeadersOptions {
  /** The built lesson site, whose inline scripts are allowed by hash. */
  siteDir: string;
  publicUrl?: string;
}

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/**
 * CSP hashes of the inline scripts in the site's pages: the theme set before
 * first paint, the early session request and the scripts Astro inlines
 * because they are small. Read once at start; the site is built before the
 * server starts (npm start, dockyard prepare).
 */
async function inlineScriptHashes(siteDir: string): Promise<string[]> {
  const files = await readdir(siteDir, { recursive: true }).catch(() => [] as string[]);
  const hashes = new Set<string>();
  for (const file of files.filter((f) => f.endsWith('.html'))) {
    const html = await readFile(path.join(siteDir, file), 'utf8');
    for (const [, body] of html.matchAll(INLINE_SCRIPT)) hashes.add(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return [...hashes].sort();
}

export const securityHeaders = fp(async (app: FastifyInstance, { siteDir, publicUrl }: SecurityHeadersOptions) => {
  const https = publicUrl?.startsWith('https:') ?? false;
  // A learner's preview (/preview/…) is their own app, not ours: preview.ts
  // gives it a sandboxing CSP of its own, which ours must not replace. Every
  // other helmet header still applies there.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/preview/')) route.helmet = { contentSecurityPolicy: false };
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(await inlineScriptHashes(siteDir))],
        scriptSrcAttr: ["'none'"],
        // 'unsafe-inline' for styles only: Monaco and xterm.js build their
        // styles at run time into <style> elements (and the site adds Monaco's
        // stylesheet the same way, see site/src/scripts/editor/monaco-css-plugin.mjs),
        // and neither offers a nonce hook. Styles cannot run code; scripts stay strict.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Monaco draws squiggles with data: SVGs.
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // 'self' covers the terminal WebSockets (ws/wss on this origin) in CSP 3 browsers.
        connectSrc: ["'self'", ...(publicUrl ? [publicUrl.replace(/^http/, 'ws')] : [])],
        // Monaco's editor worker is a file of the site.
        workerSrc: ["'self'"],
        frameAncestors: ["'self'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    // Only over TLS: on plain http it would be ignored, and an operator trying
    // https later would be held to it for months.
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
  });
}, { name: 'dockyard-security-headers' });
