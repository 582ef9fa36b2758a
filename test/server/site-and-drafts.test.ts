// The server's web side: the built site (hashed assets cached for good, HTML
// revalidated, precompressed files sent to browsers that accept them, / to
// /en/), a server without a built site still serving its API, and the
// instructor's draft preview reading lessons from disk on every request.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../site/precompress.ts';
import type { RunningServer } from '../../server/main.ts';
import { testServer } from './harness.ts';

const script = `export const greeting = ${JSON.stringify('hello from the site '.repeat(200))};\n`;
const lesson = (title: string, body: string) => `---\ntitle: "${title}"\norder: 1\nminutes: 5\nprerequisites: []\nexercises: [first-look]\n---\n\n# ${title}\n\n${body}\n`;

let dir: string;
let siteDir: string;
let contentDir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dockyard-site-'));
  siteDir = path.join(dir, 'dist');
  contentDir = path.join(dir, 'content');
  // A site shaped like Astro's output: pages as folders with index.html, hashed assets under /_astro/.
  await mkdir(path.join(siteDir, 'en'), { recursive: true });
  await mkdir(path.join(siteDir, '_astro'), { recursive: true });
  await writeFile(path.join(siteDir, 'index.html'), '<meta http-equiv="refresh" content="0; url=/en/">');
  await writeFile(path.join(siteDir, '404.html'), '<h1>Page not found</h1>');
  await writeFile(path.join(siteDir, 'en', 'index.html'), '<!doctype html><link rel="stylesheet" href="/_astro/site.Ab12Cd.css"><h1>Course home</h1>');
  await writeFile(path.join(siteDir, '_astro', 'site.Ab12Cd.css'), 'body { color: red }');
  await writeFile(path.join(siteDir, '_astro', 'app.Ef34Gh.js'), script);
  await precompress(siteDir);
  await mkdir(path.join(contentDir, 'en'), { recursive: true });
  await writeFile(path.join(contentDir, 'en', '01-sample.md'), lesson('A sample lesson', 'First draft.\n\n```sh\necho hi\n```'));
  server = await testServer('site', { DOCKYARD_SITE_DIR: siteDir, DOCKYARD_CONTENT_DIR: contentDir, DOCKYARD_POOL_SIZE: '0' });
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => fetch(`${server.url}${url}`, { headers, redirect: 'manual' });

describe('the built site', () => {
  it('sends / to the English course home, and folders to their trailing-slash URL', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/en/');
    const folder = await get('/en');
    expect(folder.status).toBe(301);
    expect(folder.headers.get('location')).toBe('/en/');
  });

  it('serves pages to be revalidated on every visit', async () => {
    const page = await get('/en/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<h1>Course home</h1>');
  });

  it('serves hashed assets to be cached for good, precompressed when the browser accepts it', async () => {
    const brotli = await get('/_astro/app.Ef34Gh.js', { 'accept-encoding': 'br, gzip' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('content-type')).toMatch(/javascript/);
    expect(brotli.headers.get('vary')).toMatch(/accept-encoding/i);
    // fetch decodes what it asked for; compare the bytes on disk instead.
    expect(brotliDecompressSync(await readFile(path.join(siteDir, '_astro', 'app.Ef34Gh.js.br'))).toString()).toBe(script);
    expect(await brotli.text()).toBe(script);

    const gzip = await get('/_astro/app.Ef34Gh.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await readFile(path.join(siteDir, '_astro', 'app.Ef34Gh.js.gz'))).toString()).toBe(script);

    const plain = await get('/_astro/app.Ef34Gh.js', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(script);
  });

  it('leaves small files uncompressed', async () => {
    await expect(readFile(path.join(siteDir, '_astro', 'site.Ab12Cd.css.br'))).rejects.toThrow(/ENOENT/);
    expect((await get('/_astro/site.Ab12Cd.css')).status).toBe(200);
  });

  it('answers a missing page with the site\'s 404 page, and a missing API route with JSON', async () => {
    const page = await get('/en/no-such-lesson/', { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('<h1>Page not found</h1>');
    const api = await get('/api/no-such-route', { accept: 'text/html' });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: 'Not Found', message: 'Route GET:/api/no-such-route not found' });
    expect((await get('/en/missing.js')).headers.get('content-type')).toMatch(/json/);
  });

  it('keeps the API answering beside it', async () => {
    const response = await get('/api/exercises');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/json/);
  });
});

describe('the draft preview', () => {
  const file = () => path.join(contentDir, 'en', '01-sample.md');

  it('renders a lesson from disk with the site renderer and stylesheets, and shows each edit on the next request', async () => {
    const first = await get('/drafts/en/sample');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const html = await first.text();
    expect(html).toContain('<p>First draft.</p>');
    expect(html).toContain('data-testid="run"');
    expect(html).toContain('<link rel="stylesheet" href="/_astro/site.Ab12Cd.css">');

    await writeFile(file(), lesson('A sample lesson', 'Second draft.\n\n::: tip\nA new tip.\n:::'));
    const second = await (await get('/drafts/en/sample')).text();
    expect(second).toContain('<p>Second draft.</p>');
    expect(second).toContain('<p class="callout-title">Tip</p>');
    expect(second).not.toContain('First draft');
  });

  it('shows frontmatter problems with file and line instead of the lesson', async () => {
    await writeFile(file(), '---\ntitle: "Broken\norder: 1\n---\n\nBody\n');
    const yaml = await get('/drafts/en/sample');
    expect(yaml.status).toBe(422);
    expect(await yaml.text()).toMatch(/en\/01-sample\.md:\d+: YAML: /);

    await writeFile(file(), '---\ntitle: "No minutes"\norder: 1\nprerequisites: []\nexercises: [first-look]\n---\n\nBody\n');
    const schema = await get('/drafts/en/sample');
    expect(schema.status).toBe(422);
    expect(await schema.text()).toContain('en/01-sample.md: frontmatter /: must have required properties minutes');
  });

  it('names exercises the lesson refers to that do not exist', async () => {
    await writeFile(file(), lesson('A sample lesson', 'Body').replace('[first-look]', '[no-such-exercise]'));
    const response = await get('/drafts/en/sample');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('exercises not found: no-such-exercise');
  });

  it('lists the drafts, and refuses unknown lessons and malformed names', async () => {
    const index = await (await get('/drafts/')).text();
    expect(index).toContain('<a href="/drafts/en/sample">01-sample.md</a>');
    const missing = await get('/drafts/ko/sample');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('no lesson with slug &#34;sample&#34;');
    expect((await get('/drafts/fr/sample')).status).toBe(400);
    expect((await get('/drafts/en/..%2F..%2Fetc')).status).toBe(400);
  });
});

describe('a server without a built site', () => {
  let bare: RunningServer;
  beforeAll(async () => {
    bare = await testServer('nosite', { DOCKYARD_SITE_DIR: path.join(dir, 'never-built'), DOCKYARD_POOL_SIZE: '0' });
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it('says at / how to build the site and still serves the API', async () => {
    const root = await fetch(`${bare.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(503);
    const text = await root.text();
    expect(text).toContain('The lesson site is not built');
    expect(text).toContain('npm run build');
    expect((await fetch(`${bare.url}/api/exercises`)).status).toBe(200);
  });
});
