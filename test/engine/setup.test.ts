// Start-up before any sandbox: configuration, reaching the engine, and
// knowing when the sandbox image must be rebuilt.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageDir, planImages } from '../../engine/build/inputs.ts';
import { prepareImages } from '../../engine/build/prepare.ts';
import { ensureEngine } from '../../engine/docker/ensure-engine.ts';
import { ConfigError, EngineUnavailableError, loadEngineConfig, prepareHost } from '../../engine/index.ts';

describe('configuration', () => {
  it('has documented defaults', () => {
    const config = loadEngineConfig({});
    expect(config).toMatchObject({
      DOCKYARD_ENGINE: 'incus',
      DOCKYARD_SANDBOX_MEMORY: 1024 ** 3,
      DOCKYARD_SANDBOX_PIDS: 1024,
      DOCKYARD_IDLE_TIMEOUT: 1800,
      DOCKYARD_MAX_LIFETIME: 14_400,
      DOCKYARD_POOL_SIZE: 2,
    });
  });

  it('parses sizes and durations', () => {
    const config = loadEngineConfig({ DOCKYARD_SANDBOX_MEMORY: '768m', DOCKYARD_MAX_LIFETIME: '90m', DOCKYARD_IDLE_TIMEOUT: '45s' });
    expect(config.DOCKYARD_SANDBOX_MEMORY).toBe(768 * 1024 ** 2);
    expect(config.DOCKYARD_MAX_LIFETIME).toBe(5400);
    expect(config.DOCKYARD_IDLE_TIMEOUT).toBe(45);
  });

  it('names every invalid variable and its value', () => {
    let error: unknown;
    try {
      loadEngineConfig({ DOCKYARD_SANDBOX_MEMORY: 'lots', DOCKYARD_ENGINE: 'open', DOCKYARD_POOL_SIZE: '-1' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DOCKYARD_SANDBOX_MEMORY="lots": expected a size such as 512m or 2g');
    expect(message).toContain('DOCKYARD_ENGINE="open"');
    expect(message).toContain('DOCKYARD_POOL_SIZE="-1"');
  });
});

describe('reaching the engine', () => {
  it('returns a client when an engine answers', async () => {
    const docker = await ensureEngine(loadEngineConfig(), () => undefined);
    expect(await docker.ping()).toBeTruthy();
  });

  it('leaves a DOCKER_HOST that does not answer alone and says what to do', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    try {
      const attempt = ensureEngine(loadEngineConfig(), () => undefined);
      await expect(attempt).rejects.toBeInstanceOf(EngineUnavailableError);
      await expect(attempt).rejects.toThrow(/DOCKER_HOST=unix:\/\/\/nonexistent\/docker.sock.*Start a Docker engine/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('sandbox image identity', () => {
  it('keeps its tag while the inputs are unchanged and changes it when any file changes', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'dockyard-image-'));
    try {
      await cp(imageDir, copy, { recursive: true });
      const config = loadEngineConfig({});
      const original = await planImages(config);
      expect((await planImages(config, copy)).sandboxImage).toBe(original.sandboxImage);
      await writeFile(path.join(copy, 'sandbox', 'rootfs', 'etc', 'motd'), 'hello\n');
      expect((await planImages(config, copy)).sandboxImage).not.toBe(original.sandboxImage);
      const otherMirror = loadEngineConfig({ DOCKYARD_DEBIAN_MIRROR: 'http://mirror.example/debian' });
      expect((await planImages(otherMirror)).sandboxImage).not.toBe(original.sandboxImage);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('does not rebuild an image that is already there', async () => {
    const config = loadEngineConfig();
    const docker = await ensureEngine(config, () => undefined);
    const lines: string[] = [];
    const plan = await prepareImages(docker, config, (line) => lines.push(line));
    expect(lines).toEqual([]);
    expect((await docker.getImage(plan.sandboxImage).inspect()).Config.Labels).toMatchObject({ 'dockyard.image-hash': plan.hash });
  });
});

describe('the virtual-machine tier', () => {
  it('is refused with every reason it cannot run here, naming the setting', async () => {
    const config = loadEngineConfig({ ...process.env, DOCKYARD_INCUS_INSTANCE: 'vm' });
    const refused = await prepareHost(config, () => undefined).then(() => undefined, (err: Error) => err);
    expect(refused).toBeInstanceOf(EngineUnavailableError);
    expect(refused?.message).toContain('DOCKYARD_INCUS_INSTANCE=vm cannot be used here');
    expect(refused?.message).toContain('virtual-machine sandbox image');
    expect(refused?.message).toContain('DOCKYARD_INCUS_INSTANCE=container');
  });
});
