// The site's figures: what a lesson page costs to download before the editor
// is opened (and what opening the editor adds), and how long a new learner
// waits from navigation to a usable shell prompt with a warm pool, in
// Debian's chromium against a server in its own process.
import { get } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { loadEngineConfig, prepareHost, SandboxEngine } from '../../engine/index.ts';
import { launchChromium } from '../e2e/chromium.ts';
import { builtSiteDir } from '../e2e/site-dir.ts';
import { startServerProcess } from './server-process.ts';
import type { Figure } from './stats.ts';

const NAMESPACE = 'bench-site';
const LESSON_PATH = '/en/containers-and-vms/';
const POOL_SIZE = 2;
const PROMPT_RUNS = 9;

interface Weight {
  files: number;
  raw: number;
  compressed: number;
  /** How `compressed` was found: as the server sent it, or gzipped here because it was sent uncompressed. */
  encodings: Set<string>;
}

type Kind = 'js' | 'css';

function kindOf(response: Response): Kind | undefined {
  const type = response.headers()['content-type'] ?? '';
  if (/javascript|ecmascript/.test(type)) return 'js';
  if (type.includes('text/css')) return 'css';
  return undefined;
}

/** Records the JavaScript and CSS the context downloads, with their compressed sizes. */
class WeightRecorder {
  private readonly pending: Promise<void>[] = [];
  readonly weights: Record<Kind, Weight> = { js: emptyWeight(), css: emptyWeight() };

  constructor(context: BrowserContext, private readonly log: (line: string) => void) {
    context.on('response', (response) => { this.pending.push(this.add(response)); });
  }

  private async add(response: Response): Promise<void> {
    const kind = kindOf(response);
    if (!kind || response.status() !== 200) return;
    const body = await response.body().catch(() => undefined);
    if (!body) return;
    const weight = this.weights[kind];
    const acceptEncoding = (await response.request().allHeaders())['accept-encoding'] ?? '';
    const served = await servedBytes(response.url(), acceptEncoding);
    this.log(`  ${kind} ${new URL(response.url()).pathname}: ${body.length} bytes, served ${served.bytes} bytes (${served.encoding})`);
    weight.files += 1;
    weight.raw += body.length;
    if (served.encoding !== 'identity') {
      weight.compressed += served.bytes;
      weight.encodings.add(`${served.encoding} as served`);
    } else {
      weight.compressed += gzipSync(body).length;
      weight.encodings.add('gzip -6 computed where served uncompressed');
    }
  }

  /** The weights recorded so far, and starts afresh. */
  async take(): Promise<Record<Kind, Weight>> {
    await Promise.all(this.pending.splice(0));
    const taken = { js: { ...this.weights.js, encodings: new Set(this.weights.js.encodings) }, css: { ...this.weights.css, encodings: new Set(this.weights.css.encodings) } };
    this.weights.js = emptyWeight();
    this.weights.css = emptyWeight();
    return taken;
  }
}

/**
 * The bytes the server sends for `url` to a browser that accepts
 * `acceptEncoding`, read undecoded (the browser's own size report is not
 * reliable for compressed bodies).
 */
function servedBytes(url: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function emptyWeight(): Weight {
  return { files: 0, raw: 0, compressed: 0, encodings: new Set() };
}

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function weightFigure(name: string, weight: Weight): Figure {
  return {
    name,
    unit: 'KiB compressed',
    samples: [kib(weight.compressed)],
    baseline: `${weight.files} files, ${kib(weight.raw)} KiB uncompressed; ${[...weight.encodings].join(', ') || 'none'}`,
  };
}

/**
 * Milliseconds from the start of navigation to the shell's prompt on the
 * terminal's screen, measured in the page (performance.now() counts from the
 * navigation's start), checked on every animation frame.
 */
async function promptShownAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => {
    const rows = document.querySelector('[data-testid="terminal"] .xterm-rows');
    return rows && /root@sandbox:\S*# ?/.test((rows.textContent ?? '').replace(/\u00a0/g, ' ')) ? performance.now() : false;
  }, undefined, { polling: 'raf', timeout: 120_000 });
  return (await handle.jsonValue()) as number;
}

/** Where the time to the prompt went, from the page's own navigation and resource timings. */
async function pagePhases(page: Page): Promise<{ domContentLoaded: number; sessionAnswered: number; sessionRequest: number }> {
  return page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const session = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/api/sessions')) as PerformanceResourceTiming | undefined;
    return {
      domContentLoaded: navigation.domContentLoadedEventEnd,
      sessionAnswered: session?.responseEnd ?? Number.NaN,
      sessionRequest: session ? session.responseEnd - session.startTime : Number.NaN,
    };
  });
}

async function waitForFullPool(url: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as { pool?: { size: number; ready: number } };
    if (health.pool && health.pool.ready >= health.pool.size) return;
    if (Date.now() > deadline) throw new Error(`the warm pool did not fill within 180 s: ${JSON.stringify(health.pool)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function endSession(context: BrowserContext): Promise<void> {
  const session = (await (await context.request.post('/api/sessions')).json()) as { id?: string };
  if (session.id) await context.request.delete(`/api/sessions/${session.id}`);
}

async function removeLeftovers(log: (line: string) => void): Promise<void> {
  const config = loadEngineConfig({ ...process.env, DOCKYARD_NAMESPACE: NAMESPACE });
  const engine = new SandboxEngine(await prepareHost(config, log), config);
  await engine.adopt();
  for (const sandbox of engine.list()) await engine.destroy(sandbox.id);
}

export async function benchSite(log: (line: string) => void): Promise<Figure[]> {
  await removeLeftovers(log);
  const server = await startServerProcess(NAMESPACE, {
    DOCKYARD_SITE_DIR: builtSiteDir(),
    DOCKYARD_POOL_SIZE: String(POOL_SIZE),
    // Every run is a new learner whose sandbox stays until the end.
    DOCKYARD_MAX_SANDBOXES: '30',
    DOCKYARD_MAX_SESSIONS_PER_CLIENT: '20',
    DOCKYARD_SESSION_RATE_LIMIT: '100',
  });
  const browser = await launchChromium();
  const figures: Figure[] = [];
  try {
    log('lesson page weight …');
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 } });
    const recorder = new WeightRecorder(context, log);
    const page = await context.newPage();
    await page.goto(LESSON_PATH);
    await promptShownAt(page);
    await page.waitForLoadState('networkidle');
    const before = await recorder.take();
    // Monaco is imported when the editor is first shown; a new file puts it on screen.
    await page.locator('[data-testid="editor-tab"]').click();
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('Name of the new file').fill('weight.txt');
    await page.keyboard.press('Enter');
    await page.locator('[data-editor] .monaco-editor').waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    const editor = await recorder.take();
    figures.push(weightFigure('lesson page JavaScript before the editor opens', before.js));
    figures.push(weightFigure('lesson page CSS before the editor opens', before.css));
    figures.push(weightFigure('JavaScript + CSS loaded on opening the editor (monaco)', {
      files: editor.js.files + editor.css.files,
      raw: editor.js.raw + editor.css.raw,
      compressed: editor.js.compressed + editor.css.compressed,
      encodings: new Set([...editor.js.encodings, ...editor.css.encodings]),
    }));
    await endSession(context);
    await context.close();

    log('navigation → prompt, new learner, warm pool …');
    const newLearner: number[] = [];
    const reload: number[] = [];
    const domReady: number[] = [];
    const sessionAnswered: number[] = [];
    const sessionRequest: number[] = [];
    for (let run = 0; run <= PROMPT_RUNS; run++) {
      await waitForFullPool(server.url);
      const learner = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 } });
      const tab = await learner.newPage();
      await tab.goto(LESSON_PATH, { waitUntil: 'commit' });
      const fresh = await promptShownAt(tab);
      const phases = await pagePhases(tab);
      await tab.reload({ waitUntil: 'commit' });
      const again = await promptShownAt(tab);
      // The first run warms the server's and the browser's code paths; it is not counted.
      if (run > 0) {
        newLearner.push(fresh);
        reload.push(again);
        domReady.push(phases.domContentLoaded);
        sessionAnswered.push(phases.sessionAnswered);
        sessionRequest.push(phases.sessionRequest);
      }
      log(`  run ${run}: prompt ${Math.round(fresh)} ms (DOMContentLoaded ${Math.round(phases.domContentLoaded)} ms, session answered ${Math.round(phases.sessionAnswered)} ms after a ${Math.round(phases.sessionRequest)} ms request), reload ${Math.round(again)} ms${run === 0 ? ' (warm-up)' : ''}`);
      await endSession(learner);
      await learner.close();
    }
    figures.push({ name: 'lesson page: navigation → shell prompt, new learner, warm pool', unit: 'ms', samples: newLearner, target: '≤ 300 ms' });
    figures.push({ name: '… of which: navigation → DOMContentLoaded', unit: 'ms', samples: domReady });
    figures.push({ name: '… of which: navigation → session answered (POST /api/sessions)', unit: 'ms', samples: sessionAnswered });
    figures.push({ name: '… POST /api/sessions itself (claims a pooled sandbox)', unit: 'ms', samples: sessionRequest });
    figures.push({ name: 'lesson page: reload → shell prompt (screen restored)', unit: 'ms', samples: reload });
  } finally {
    await browser.close();
    await server.stop();
    await removeLeftovers(log);
  }
  return figures;
}
