// Escape probes against the default sandbox (Incus, the `isolated` profile),
// run from inside as the learner would. Each of these worked on the old
// `trusted` Docker profile (shared/reviews/security.md: C1, C2, H1, H4, H5,
// H6, M1): every test here must see it refused, and each has a positive
// control so a broken sandbox that refuses everything does not pass.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxEngine } from '../../engine/index.ts';
import type { IncusBackend } from '../../engine/incus/backend.ts';
import type { IncusClient } from '../../engine/incus/client.ts';
import { testEngine } from '../engine/harness.ts';
import {
  REFUSED, directoryBytes, freeInodes, hostProcessNames, incusClient, instance, instanceLogDir, probe, rootQgroup, tree,
} from './probes.ts';

const MiB = 1024 ** 2;
const PROBE_NAME = 'dockyard-sec-probe';

let client: IncusClient;
beforeAll(() => { client = incusClient(); });
afterAll(() => { client?.close(); });

describe('a default sandbox refuses', () => {
  let engine: SandboxEngine;
  let id = '';
  let ref = '';
  const learner = (snippets: Record<string, string>, timeoutMs = 60_000) => probe(engine, id, snippets, { timeoutMs });

  beforeAll(async () => {
    engine = (await testEngine()).engine;
    const sandbox = await engine.create('sec_owner');
    id = sandbox.id;
    ref = engine.get(id)!.ref;
  });
  afterAll(async () => {
    if (id) await engine.destroy(id);
  });

  it('host sysctl writes (kernel.core_pattern) through a freshly mounted procfs', async () => {
    const hostBefore = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
    const r = await learner({
      mount: 'mkdir -p /tmp/p && mount -t proc proc /tmp/p',
      read: 'cat /tmp/p/sys/kernel/core_pattern',
      // The same value back, never a different one: on a broken host this write would land.
      write: `v=$(cat /tmp/p/sys/kernel/core_pattern) && printf '%s\\n' "$v" > /tmp/p/sys/kernel/core_pattern`,
      ownproc: `v=$(cat /proc/sys/kernel/core_pattern) && printf '%s\\n' "$v" > /proc/sys/kernel/core_pattern`,
      umount: 'umount /tmp/p',
    });
    if (r.mount.rc === 0) {
      // The fresh procfs shows the host-global value: the write below really targets the host.
      expect(r.read.rc).toBe(0);
      expect(r.read.out).toBe(hostBefore.trim());
      expect(r.write.rc, r.write.out).not.toBe(0);
      expect(r.write.out).toMatch(REFUSED);
    } else {
      expect(r.mount.out).toMatch(REFUSED);
    }
    expect(r.ownproc.rc, r.ownproc.out).not.toBe(0);
    expect(r.ownproc.out).toMatch(REFUSED);
    expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).toBe(hostBefore);
  });

  it('writes to its own cgroup limits (pids, memory, cpu) at the root of its cgroup mounts', async () => {
    const mode = await learner({ v2: 'test -f /sys/fs/cgroup/cgroup.controllers' });
    const v2 = mode.v2.rc === 0;
    const files = v2
      ? ['pids.max', 'memory.max', 'memory.swap.max', 'cpu.max']
      : ['pids/pids.max', 'memory/memory.limit_in_bytes', 'memory/memory.memsw.limit_in_bytes', 'cpu/cpu.cfs_quota_us', 'cpuset/cpuset.cpus'];
    const snippets: Record<string, string> = {};
    files.forEach((file, i) => {
      snippets[`read${i}`] = `cat /sys/fs/cgroup/${file}`;
      snippets[`write${i}`] = `v=$(cat /sys/fs/cgroup/${file}) && echo "$v" > /sys/fs/cgroup/${file}`;
    });
    // Positive control: a cgroup of one's own below the learner's can be made and limited (lessons need this).
    const learnerDir = v2 ? '/sys/fs/cgroup/learner' : '/sys/fs/cgroup/pids/learner';
    snippets.child = v2
      ? `mkdir ${learnerDir}/secprobe && rmdir ${learnerDir}/secprobe && echo made`
      : `mkdir ${learnerDir}/secprobe && echo 7 > ${learnerDir}/secprobe/pids.max && cat ${learnerDir}/secprobe/pids.max; rmdir ${learnerDir}/secprobe`;
    const r = await learner(snippets);

    files.forEach((file, i) => {
      expect(r[`read${i}`].rc, `${file}: ${r[`read${i}`].out}`).toBe(0);
      expect(r[`read${i}`].out, file).not.toBe('');
      expect(r[`write${i}`].rc, `${file} accepted a write: ${r[`write${i}`].out}`).not.toBe(0);
      expect(r[`write${i}`].out, file).toMatch(REFUSED);
    });
    // These are the sandbox's own limits (the harness asks for 512 pids and 512m), not a child's.
    expect(r.read0.out).toBe('512');
    expect(r.read1.out).toBe(String(512 * MiB));
    expect(r.child.out).toBe(v2 ? 'made' : '7');
  });

  it('a devices-cgroup self-grant, and mknod + read of the host disk', async () => {
    const r = await learner({
      disk: `awk 'NR > 2 && $4 !~ /^(loop|ram|zram|sr|nbd|dm-)/ { print $1 " " $2; exit }' /proc/partitions`,
    });
    const [major, minor] = (r.disk.out || '254 0').split(' ');
    const v1 = await learner({ v1: 'test -e /sys/fs/cgroup/devices/devices.allow' });
    const attempt = await learner({
      grant: v1.v1.rc === 0 ? `echo 'b ${major}:${minor} r' > /sys/fs/cgroup/devices/devices.allow` : 'exit 99',
      grantkmsg: v1.v1.rc === 0 ? `echo 'c 1:11 r' > /sys/fs/cgroup/devices/devices.allow` : 'exit 99',
      mknod: `mknod /tmp/secdisk b ${major} ${minor}`,
      read: 'dd if=/tmp/secdisk of=/dev/null bs=512 count=1',
      // Positive controls: mknod itself works (a FIFO), and dd reads what it may.
      fifo: 'mknod /tmp/secfifo p && test -p /tmp/secfifo && rm /tmp/secfifo && echo fifo',
      zero: 'dd if=/dev/zero of=/dev/null bs=512 count=1',
    });
    if (v1.v1.rc === 0) {
      expect(attempt.grant.rc, `devices.allow accepted b ${major}:${minor}: ${attempt.grant.out}`).not.toBe(0);
      expect(attempt.grant.out).toMatch(REFUSED);
      expect(attempt.grantkmsg.rc, attempt.grantkmsg.out).not.toBe(0);
      expect(attempt.grantkmsg.out).toMatch(REFUSED);
    }
    expect(attempt.mknod.rc, `mknod of the host disk ${major}:${minor} worked: ${attempt.mknod.out}`).not.toBe(0);
    expect(attempt.mknod.out).toMatch(REFUSED);
    expect(attempt.read.rc, `the host disk was read: ${attempt.read.out}`).not.toBe(0);
    expect(attempt.fifo.out).toBe('fifo');
    expect(attempt.zero.rc, attempt.zero.out).toBe(0);
  });

  it('remounting the shared read-only disks (tools, mirror) read-write, and no file reaches their host directories', async () => {
    const view = await instance(client, ref);
    const devices = { ...view.devices, ...view.expanded_devices };
    for (const name of ['tools', 'mirror']) {
      const device = devices[name];
      expect(device, `instance ${ref} has no ${name} disk`).toBeDefined();
      expect(device.readonly).toBe('true');
      expect(device.shift ?? 'false').toBe('false');
      const source = device.source;
      const path = device.path;
      expect(existsSync(source), source).toBe(true);
      const hostBefore = tree(source);
      expect(hostBefore.length).toBeGreaterThan(0);

      const file = `${PROBE_NAME}-${name}`;
      const r = await learner({
        listed: `ls ${path} | head -1`,
        remount: `mount -o remount,rw ${path}`,
        remountwrite: `mount -o remount,rw ${path}; touch ${path}/${file}`,
        remountbind: `mount -o remount,bind,rw ${path}`,
        remountbindwrite: `mount -o remount,bind,rw ${path}; touch ${path}/${file}`,
        bindrw: `mkdir -p /tmp/secbind && mount -o bind,rw ${path} /tmp/secbind && (mount -o remount,bind,rw /tmp/secbind; touch /tmp/secbind/${file}); s=$?; umount /tmp/secbind; exit $s`,
        unshare: `unshare -m sh -c 'mount -o remount,bind,rw ${path}; touch ${path}/${file}'`,
        unshareuser: `unshare -Urm sh -c 'mount -o remount,bind,rw ${path}; touch ${path}/${file}'`,
        mkdir: `mkdir ${path}/${file}.d`,
        // Positive controls: the learner's own disk takes writes, and a bind mount as such works.
        own: `touch /root/${file} && rm /root/${file} && echo wrote`,
        bind: `mkdir -p /tmp/secbind2 && mount --bind ${path} /tmp/secbind2 && umount /tmp/secbind2 && echo bound`,
      });
      expect(r.listed.out, `${path} is not mounted or empty`).not.toBe('');
      for (const key of ['remount', 'remountbind']) {
        expect(r[key].rc, `${key} ${path}: ${r[key].out}`).not.toBe(0);
        expect(r[key].out).toMatch(REFUSED);
      }
      for (const key of ['remountwrite', 'remountbindwrite', 'bindrw', 'unshare', 'unshareuser', 'mkdir']) {
        expect(r[key].rc, `${key} wrote into ${path}: ${r[key].out}`).not.toBe(0);
        expect(r[key].out, key).toMatch(REFUSED);
      }
      expect(r.own.out).toBe('wrote');
      expect(r.bind.out).toBe('bound');

      const hostAfter = tree(source);
      expect(hostAfter.filter((p) => p.includes(PROBE_NAME))).toEqual([]);
      expect(hostAfter).toEqual(hostBefore);
    }
  });

  it('mounting tracefs, debugfs and securityfs', async () => {
    const r = await learner({
      tracefs: 'mkdir -p /tmp/t && mount -t tracefs none /tmp/t',
      debugfs: 'mkdir -p /tmp/d && mount -t debugfs none /tmp/d',
      securityfs: 'mkdir -p /tmp/s && mount -t securityfs none /tmp/s',
      tracepipe: 'test -e /sys/kernel/tracing/trace_pipe || test -e /sys/kernel/debug/tracing/trace_pipe',
      // Positive control: mounting as such works inside (lessons mount tmpfs and overlay).
      tmpfs: 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m && touch /tmp/m/x && umount /tmp/m && echo mounted',
    });
    for (const fs of ['tracefs', 'debugfs', 'securityfs']) {
      expect(r[fs].rc, `${fs} mounted: ${r[fs].out}`).not.toBe(0);
      expect(r[fs].out).toMatch(REFUSED);
    }
    expect(r.tracepipe.rc, 'a trace_pipe is reachable through /sys').not.toBe(0);
    expect(r.tmpfs.out).toBe('mounted');
  });

  it('being host root: uid 0 in the sandbox maps to a uid range of its own, not to host uid 0', async () => {
    const r = await learner({ uid: 'id -u', self: 'cat /proc/self/uid_map', init: 'cat /proc/1/uid_map', gid: 'cat /proc/self/gid_map' });
    expect(r.uid.out).toBe('0');
    for (const key of ['self', 'init', 'gid']) {
      const lines = r[key].out.split('\n').map((l) => l.trim().split(/\s+/).map(Number));
      expect(r[key].out, key).not.toMatch(/^\s*0\s+0\s/);
      for (const [, hostId] of lines) expect(hostId, `${key}: ${r[key].out}`).toBeGreaterThanOrEqual(65536);
    }
    const base = (await instance(client, ref)).config['volatile.idmap.base'];
    expect(r.self.out.trim().split(/\s+/)[1]).toBe(base);
  });

  it('running without seccomp: a filter is on and refuses open_by_handle_at', async () => {
    const syscall = `import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall(304, -1, 0, 0)  # open_by_handle_at on x86_64
print(ctypes.get_errno())`;
    const r = await learner({
      self: `grep '^Seccomp:' /proc/self/status`,
      init: `grep '^Seccomp:' /proc/1/status`,
      arch: 'uname -m',
      handle: `python3 -c '${syscall}'`,
    });
    expect(r.self.out).toMatch(/^Seccomp:\s+2$/);
    expect(r.init.out).toMatch(/^Seccomp:\s+2$/);
    if (r.arch.out === 'x86_64') {
      // Incus's default filter answers ENOSYS; the kernel itself would say EFAULT/EBADF/EPERM.
      expect(r.handle.out).toBe('38');
      const host = execFileSync('python3', ['-c', syscall], { encoding: 'utf8' }).trim();
      expect(host, 'positive control: the host kernel has open_by_handle_at').not.toBe('38');
    }
  });

  it('unbounded host log growth from PID 1 output or the console (50 MB each)', async () => {
    const logDir = instanceLogDir(ref);
    expect(existsSync(`${logDir}/console.log`), `${logDir}/console.log`).toBe(true);
    const before = directoryBytes(logDir);
    const fifty = `head -c 50000000 /dev/zero | tr '\\0' x | fold -w 1000`;
    const r = await learner({
      fd1: 'readlink /proc/1/fd/1',
      fd2: 'readlink /proc/1/fd/2',
      out: `${fifty} > /proc/1/fd/1 && echo written`,
      err: `${fifty} > /proc/1/fd/2 && echo written`,
      console: `if [ -w /dev/console ]; then ${fifty} > /dev/console && echo written; else echo 'no console'; fi`,
    }, 120_000);
    expect(r.fd1.out).toBe('/dev/null');
    expect(r.fd2.out).toBe('/dev/null');
    // Positive control: the writes themselves went through (so the bytes had somewhere to go).
    expect(r.out.out).toBe('written');
    expect(r.err.out).toBe('written');
    // A fixed wait on purpose: whatever the host would log of those writes has had time to land.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = directoryBytes(logDir);
    const growth = after.total - before.total;
    console.info(`[security] ${logDir}: ${before.total} -> ${after.total} bytes (${JSON.stringify(after.files)}); console write: ${r.console.out}`);
    expect(growth, `host logs grew by ${growth} bytes`).toBeLessThan(MiB);
    expect(after.files['console.log'] ?? 0).toBeLessThan(MiB);
  });

  it("seeing other sandboxes' or the host's processes", async () => {
    const host = hostProcessNames();
    // Positive control: the host does run these (so their absence inside means something).
    expect(host).toContain('incusd');
    const r = await learner({ ps: 'ps -e -o comm=', count: 'ps -e | wc -l', init: 'cat /proc/1/comm' });
    const inside = r.ps.out.split('\n').map((s) => s.trim()).filter(Boolean);
    console.info(`[security] processes: ${inside.length} inside (${inside.join(' ')}), ${host.length} on the host`);
    expect(Number(r.count.out)).toBeLessThan(30);
    expect(inside.length).toBeLessThan(host.length);
    for (const name of ['incusd', 'lxcfs', 'node', 'containerd-shim', '[lxc monitor]', 'systemd', 'kthreadd']) expect(inside, name).not.toContain(name);
    expect(inside.some((n) => n.startsWith('lxc') || n.startsWith('kworker'))).toBe(false);
    // Its own nested engine only: one dockerd, while the host sees one per sandbox plus its own.
    expect(inside.filter((n) => n === 'dockerd').length).toBeLessThanOrEqual(1);
    expect(r.init.out).toBe('tini');
  });
});

describe('a sandbox with a small disk budget refuses', () => {
  let engine: SandboxEngine;
  let id = '';
  let ref = '';
  let pool = '';
  let budget = 0;
  let imageBytes = 0;

  beforeAll(async () => {
    // The btrfs quota counts the image the root disk is a snapshot of, so the
    // smallest budget a sandbox can start with is the image plus a little.
    const probeEngine = (await testEngine()).engine;
    const alias = (probeEngine.backend as IncusBackend).image;
    const { target } = await client.request<{ target: string }>('GET', `/1.0/images/aliases/${alias}`);
    imageBytes = (await client.request<{ size: number }>('GET', `/1.0/images/${target}`)).size;
    const budgetMiB = Math.ceil(imageBytes / MiB) + 64; // the least the Incus backend accepts
    const made = await testEngine({ DOCKYARD_SANDBOX_DISK_BUDGET: `${budgetMiB}m` });
    engine = made.engine;
    budget = made.config.DOCKYARD_SANDBOX_DISK_BUDGET;
    pool = made.config.DOCKYARD_INCUS_POOL;
    const sandbox = await engine.create('sec_owner');
    id = sandbox.id;
    ref = engine.get(id)!.ref;
  });
  afterAll(async () => {
    if (id) await engine.destroy(id);
  });

  it('filling the disk beyond the budget with one big file (dd of 1000 MiB)', async () => {
    const r = await probe(engine, id, {
      dd: 'dd if=/dev/zero of=/root/big bs=1M count=1000',
      size: 'stat -c %s /root/big',
      clean: 'rm -f /root/big && sync && echo cleaned',
      // Positive control: after freeing it, the disk takes writes again.
      again: 'dd if=/dev/zero of=/root/small bs=1M count=1 2>/dev/null && rm /root/small && sync && echo wrote',
    }, { timeoutMs: 120_000 });
    const written = Number(r.size.out);
    console.info(`[security] budget ${budget / MiB} MiB (image ${(imageBytes / MiB).toFixed(1)} MiB): dd stopped at ${(written / MiB).toFixed(1)} MiB: ${r.dd.out.split('\n')[0]}`);
    expect(r.dd.rc, r.dd.out).not.toBe(0);
    expect(r.dd.out).toMatch(/Disk quota exceeded|No space left on device/);
    expect(written).toBeGreaterThan(MiB);
    expect(written).toBeLessThan(budget - imageBytes + 16 * MiB);
    expect(r.again.out).toBe('wrote');
  });

  it('an inode flood (300,000 empty files) beyond the budget, and host inodes are untouched', async () => {
    const flood = `import os, sys
d = "/root/inodes"
os.makedirs(d, exist_ok=True)
n = 0
try:
    for i in range(300000):
        os.close(os.open(f"{d}/{i}", os.O_CREAT | os.O_WRONLY, 0o644))
        n += 1
except OSError as e:
    print(f"stopped {n} {e.strerror}")
    sys.exit(1)
print(f"created {n}")`;
    const hostInodesBefore = freeInodes('/var/lib/incus');
    const started = Date.now();
    const r = await probe(engine, id, { flood: `python3 -c '${flood}'` }, { timeoutMs: 300_000 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const hostInodesAfter = freeInodes('/var/lib/incus');
    const quota = rootQgroup(pool, ref);
    const created = Number(r.flood.out.split(' ')[1]);
    console.info(`[security] inode flood: "${r.flood.out}" in ${seconds}s; host free inodes on /var/lib/incus ${hostInodesBefore} -> ${hostInodesAfter} (${hostInodesAfter - hostInodesBefore}); qgroup ${JSON.stringify(quota)}`);
    expect(r.flood.rc, r.flood.out).not.toBe(0);
    expect(r.flood.out).toMatch(/^stopped \d+ (Disk quota exceeded|No space left on device)$/);
    // Positive control: files could be made until the budget ran out.
    expect(created).toBeGreaterThan(1000);
    expect(created).toBeLessThan(300_000);
    // The sandbox's files live in the pool, not among the host's inodes (others work here too: some slack).
    expect(hostInodesBefore - hostInodesAfter, 'host inodes used by the flood').toBeLessThan(Math.min(20_000, created / 2));
    if (quota) expect(quota.referenced).toBeLessThanOrEqual(quota.limit);
    if (quota) expect(quota.limit).toBe(budget);
    // Some 130,000 files fill the quota's metadata: about a minute alone, several on a busy host.
  }, 360_000);
});
