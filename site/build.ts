// Builds the lesson site into DOCKYARD_SITE_DIR when anything it is made from
// changed since the last build: the site's sources, the lessons, the exercise
// specs (titles on the course home), the renderer and loader, the lockfile.
// The inputs' hash is stored in the output, so an unchanged tree costs only
// the hashing. The build goes to a scratch folder first and replaces the old
// output only when it succeeded, so a failed build never leaves a broken site.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.ts';

const siteRoot = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.dirname(siteRoot);
const HASH_FILE = '.build-inputs';

/** Folders and files the site is made from, relative to the project. */
const INPUTS = ['site', 'content', 'server/content/render.ts', 'server/content/code-block.ts', 'server/content/lesson.ts', 'server/exercises/loader.ts', 'server/exercises/spec.ts', 'package-lock.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.astro']);
const SCRATCH_PREFIX = '.build-';

async function* filesUnder(entry: string, outDir: string): AsyncGenerator<string> {
  const full = path.join(projectRoot, entry);
  if (full === outDir) return;
  const items = await readdir(full, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') return null;
    throw err;
  });
  if (items === null) {
    yield entry;
    return;
  }
  for (const item of items.sort((a, b) => a.name.localeCompare(b.name))) {
    if (item.isDirectory() && (SKIPPED_DIRS.has(item.name) || item.name.startsWith(SCRATCH_PREFIX))) continue;
    yield* filesUnder(path.join(entry, item.name), outDir);
  }
}

/** One hash over the names and contents of every input file. */
export async function siteInputsHash(outDir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = [...INPUTS];
  // Only the specs: checks and solutions do not show on the site.
  for (const exercise of (await readdir(path.join(projectRoot, 'exercises'), { withFileTypes: true })).filter((e) => e.isDirectory())) {
    entries.push(path.join('exercises', exercise.name, 'exercise.yaml'));
  }
  for (const entry of entries) {
    for await (const file of filesUnder(entry, path.resolve(outDir))) {
      const content = await readFile(path.join(projectRoot, file)).catch(() => Buffer.alloc(0));
      hash.update(`${file}\0${content.length}\0`).update(content);
    }
  }
  return hash.digest('hex');
}

function runAstroBuild(outDir: string, say: (line: string) => void): Promise<void> {
  const astro = path.join(projectRoot, 'node_modules', 'astro', 'astro.js');
  const child = spawn(process.execPath, [astro, 'build', '--root', siteRoot, '--outDir', outDir], {
    cwd: projectRoot,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const relay = (raw: string) => {
    const line = raw.replace(/^\d\d:\d\d:\d\d /, '');
    if (!line.trim()) return;
    output.push(line);
    // Astro names every page and asset it writes; the phases are progress enough.
    if (!/^\s*[├└]─/.test(line) && !/^\[vite\] \S+\s+[\d.,]+ kB/.test(line)) say(`  site: ${line}`);
  };
  createInterface({ input: child.stdout }).on('line', relay);
  createInterface({ input: child.stderr }).on('line', relay);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`the site build failed (astro exited with ${code}):\n${output.slice(-30).join('\n')}`));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Scratch folders of builds whose process was killed before it could clean up. */
async function removeAbandonedScratch(): Promise<void> {
  for (const name of await readdir(siteRoot)) {
    const pid = name.startsWith(SCRATCH_PREFIX) ? Number(name.slice(SCRATCH_PREFIX.length)) : NaN;
    if (Number.isInteger(pid) && !alive(pid)) await rm(path.join(siteRoot, name), { recursive: true, force: true });
  }
}

export interface SiteBuildResult {
  built: boolean;
  outDir: string;
  seconds: number;
}

/** Builds the site into `outDir` unless the last build there had the same inputs. */
export async function buildSite(outDir: string, say: (line: string) => void, { force = false } = {}): Promise<SiteBuildResult> {
  const started = Date.now();
  outDir = path.resolve(outDir);
  const hash = await siteInputsHash(outDir);
  const previous = await readFile(path.join(outDir, HASH_FILE), 'utf8').catch(() => '');
  if (!force && previous.trim() === hash) {
    say(`Lesson site up to date: ${outDir}`);
    return { built: false, outDir, seconds: (Date.now() - started) / 1000 };
  }
  say(`Building the lesson site into ${outDir} (its sources changed)…`);
  // Astro builds inside the project: the pages it prerenders must resolve
  // node_modules, and an output outside the working directory would share
  // <cwd>/.astro/ with every other build. Each build gets a folder of its own.
  await removeAbandonedScratch();
  const scratch = path.join(siteRoot, `${SCRATCH_PREFIX}${process.pid}`);
  const staged = `${outDir}.new-${process.pid}`;
  const old = `${outDir}.old-${process.pid}`;
  try {
    await rm(scratch, { recursive: true, force: true });
    await runAstroBuild(scratch, say);
    // Astro 5 leaves its server-side route manifest behind in a static build's
    // output (withastro/astro#9450 came back); it is not part of the site.
    for (const file of await readdir(scratch)) {
      if (/^manifest_.*\.mjs$/.test(file)) await rm(path.join(scratch, file));
    }
    const { files, bytes, compressedBytes } = await precompress(scratch);
    say(`  site: compressed ${files} files (${(bytes / 1e6).toFixed(1)} MB → ${(compressedBytes / 1e6).toFixed(1)} MB as brotli)`);
    await writeFile(path.join(scratch, HASH_FILE), `${hash}\n`);
    // Staged beside the output, so the swap below is two renames on one filesystem.
    await rename(scratch, staged).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EXDEV') throw err;
      await cp(scratch, staged, { recursive: true });
    });
    await rename(outDir, old).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await rename(staged, outDir);
  } finally {
    await Promise.all([scratch, staged, old].map((dir) => rm(dir, { recursive: true, force: true })));
  }
  const seconds = (Date.now() - started) / 1000;
  say(`Lesson site built in ${seconds.toFixed(1)} s`);
  return { built: true, outDir, seconds };
}
