// What the lessons rely on, proven in one real sandbox: a nested Docker with
// offline images, Compose, and the kernel features the early lessons teach.
import { describe, expect, it } from 'vitest';
import { sharedSandbox, sh } from './harness.ts';

const sandbox = sharedSandbox();

describe('nested docker', () => {
  it('starts with no images, and pulls nginx for real, its Debian base layers already unpacked on Incus', async () => {
    const images = await sh(sandbox.engine, sandbox.id, 'docker images -q | wc -l');
    expect(images.stdout.trim()).toBe('0');
    const pull = await sh(sandbox.engine, sandbox.id, 'docker pull nginx');
    expect(pull.exitCode, pull.stderr).toBe(0);
    const count = (pattern: RegExp) => pull.stdout.match(pattern)?.length ?? 0;
    // nginx's own layers come from the mirror in every sandbox.
    expect(count(/: Pull complete/g), pull.stdout).toBeGreaterThan(0);
    // The base layers are there before any image is (engine/incus/keep-base-layers.sh); Docker's sandboxes start bare.
    if (sandbox.engine.backend.name === 'incus') expect(count(/: Already exists/g), pull.stdout).toBeGreaterThan(0);
    else expect(count(/: Already exists/g), pull.stdout).toBe(0);
  });

  it('runs busybox pulled from the offline mirror', async () => {
    const result = await sh(sandbox.engine, sandbox.id, 'docker run --rm busybox echo ok');
    expect(result.stderr).toContain('Pulling from library/busybox');
    expect(result.stdout.trim()).toBe('ok');
    expect(result.exitCode).toBe(0);
  });

  it('builds an image from a Dockerfile and runs it', async () => {
    const result = await sh(sandbox.engine, sandbox.id, `
      mkdir -p ~/hello && cd ~/hello
      printf 'FROM busybox\\nRUN echo built > /greeting\\nCMD ["cat", "/greeting"]\\n' > Dockerfile
      docker build -q -t hello . >/dev/null && docker run --rm hello`);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('built');
  });

  it('brings up a two-service compose file with docker-compose and docker compose', async () => {
    await sh(sandbox.engine, sandbox.id, 'mkdir -p ~/app');
    const compose = ['services:', '  web:', '    image: nginx', '    ports: ["8080:80"]', '  cache:', '    image: redis', ''].join('\n');
    await sandbox.engine.writeFile(sandbox.id, '/root/app/docker-compose.yml', Buffer.from(`version: "3"\n${compose}`));
    const result = await sh(sandbox.engine, sandbox.id, `
      cd ~/app && docker-compose up -d >/dev/null 2>&1
      docker compose ps --services --filter status=running | sort
      curl -s localhost:8080 | grep -o '<h1>.*</h1>'
      docker-compose exec -T cache redis-cli ping`, 120_000);
    expect(result.stdout.split('\n')).toEqual(['cache', 'web', '<h1>Welcome to nginx!</h1>', 'PONG', '']);
  });
});

describe('kernel features the lessons teach', () => {
  it('chroots into a busybox root that sees only its own files', async () => {
    const result = await sh(sandbox.engine, sandbox.id, `
      mkdir -p ~/rootfs/bin && cp /bin/busybox ~/rootfs/bin/
      chroot ~/rootfs /bin/busybox --install -s /bin
      chroot ~/rootfs /bin/ls /`);
    expect(result.stdout.trim()).toBe('bin');
  });

  it('gives unshare --pid --fork --mount-proc a process tree starting at PID 1', async () => {
    const result = await sh(sandbox.engine, sandbox.id, 'unshare --pid --fork --mount-proc ps -o pid=,comm=');
    expect(result.stdout.trim().split('\n')[0].trim()).toBe('1 ps');
  });

  it('creates a network namespace with ip netns add', async () => {
    const result = await sh(sandbox.engine, sandbox.id, 'ip netns add lab && ip netns list && ip netns exec lab ip -o link show');
    expect(result.stdout).toMatch(/^lab/);
    expect(result.stdout).toContain('lo:');
    expect(result.exitCode).toBe(0);
  });

  it('creates a cgroup and sets its memory limit', async () => {
    const result = await sh(sandbox.engine, sandbox.id, `
      if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
        mkdir -p /sys/fs/cgroup/lab && echo 64M > /sys/fs/cgroup/lab/memory.max && cat /sys/fs/cgroup/lab/memory.max
      else
        mkdir -p /sys/fs/cgroup/memory/lab && echo 64M > /sys/fs/cgroup/memory/lab/memory.limit_in_bytes && cat /sys/fs/cgroup/memory/lab/memory.limit_in_bytes
      fi`);
    expect(result.stdout.trim()).toBe(String(64 * 1024 * 1024));
  });

  it('mounts overlayfs in the home directory with copy-on-write to the upper layer', async () => {
    const result = await sh(sandbox.engine, sandbox.id, `
      cd ~ && mkdir -p lower upper work merged && echo base > lower/file
      mount -t overlay overlay -o lowerdir=lower,upperdir=upper,workdir=work merged
      echo changed > merged/file
      cat lower/file upper/file`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('base\nchanged\n');
  });
});
