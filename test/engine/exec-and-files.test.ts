// Commands and files in a sandbox, as the server's terminals, grader and
// editor will use them.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/index.ts';
import { sharedSandbox } from './harness.ts';

const sandbox = sharedSandbox();

describe('run', () => {
  it('returns exit code, stdout and stderr separately', async () => {
    const result = await sandbox.engine.run(sandbox.id, ['bash', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, truncated: false });
  });

  it('feeds stdin to the command', async () => {
    const result = await sandbox.engine.run(sandbox.id, ['wc', '-c'], { stdin: 'x'.repeat(100_000) });
    expect(result.stdout.trim()).toBe('100000');
  });

  it('stops a command at its deadline and kills it inside the sandbox too', async () => {
    const result = await sandbox.engine.run(sandbox.id, ['bash', '-c', 'echo started; sleep 30; echo never'], { timeoutMs: 1000 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null, stdout: 'started\n' });
    const left = await sandbox.engine.run(sandbox.id, ['bash', '-c', 'pgrep -c -x sleep || true']);
    expect(left.stdout.trim()).toBe('0');
  });

  it('caps output and says it did', async () => {
    const result = await sandbox.engine.run(sandbox.id, ['bash', '-c', 'yes | head -c 5000000'], { maxOutputBytes: 1000 });
    expect(result.stdout.length).toBe(1000);
    expect(result.truncated).toBe(true);
    expect(result.exitCode).toBe(0);
  });

  it('refuses an unknown sandbox with a clear error', async () => {
    await expect(sandbox.engine.run('nosuch', ['true'])).rejects.toMatchObject({ code: 'sandbox_not_found' });
  });
});

describe('interactive shell', () => {
  async function readUntil(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> {
    let seen = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; saw ${JSON.stringify(seen)}`)), 15_000);
      const onData = (chunk: Buffer) => {
        seen += chunk.toString();
        if (pattern.test(seen)) {
          clearTimeout(timer);
          stream.off('data', onData);
          resolve(seen);
        }
      };
      stream.on('data', onData);
    });
  }

  it('runs a TTY shell with the requested size, follows resizes, and reports the exit code', async () => {
    const shell = await sandbox.engine.openShell(sandbox.id, { cols: 100, rows: 30 });
    shell.stream.write('echo $((6*7)); stty size\n');
    expect(await readUntil(shell.stream, /30 100/)).toContain('42');
    await shell.resize(132, 43);
    shell.stream.write('stty size\n');
    await readUntil(shell.stream, /43 132/);
    shell.stream.write('exit 5\n');
    expect(await shell.exited).toBe(5);
  });
});

describe('files', () => {
  it('writes and reads back binary content byte for byte', async () => {
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    await sandbox.engine.writeFile(sandbox.id, '/root/blob.bin', data);
    expect((await sandbox.engine.readFile(sandbox.id, '/root/blob.bin')).equals(data)).toBe(true);
    const viaShell = await sandbox.engine.run(sandbox.id, ['sha256sum', '/root/blob.bin']);
    const { createHash } = await import('node:crypto');
    expect(viaShell.stdout.split(' ')[0]).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('sees files the learner made, and lists a directory', async () => {
    await sandbox.engine.run(sandbox.id, ['bash', '-c', 'mkdir -p ~/proj/sub && printf "FROM busybox\\n" > ~/proj/Dockerfile']);
    expect((await sandbox.engine.readFile(sandbox.id, '/root/proj/Dockerfile')).toString()).toBe('FROM busybox\n');
    const entries = await sandbox.engine.listDirectory(sandbox.id, '/root/proj');
    expect(entries.map(({ name, type, size }) => ({ name, type, size }))).toEqual([
      { name: 'Dockerfile', type: 'file', size: 13 },
      { name: 'sub', type: 'directory', size: expect.any(Number) },
    ]);
  });

  it('gives clear errors for missing paths, directories, relative paths and oversize files', async () => {
    await expect(sandbox.engine.readFile(sandbox.id, '/root/missing.txt')).rejects.toMatchObject({ code: 'path_not_found' });
    await expect(sandbox.engine.readFile(sandbox.id, '/root/proj')).rejects.toMatchObject({ code: 'not_a_file' });
    await expect(sandbox.engine.readFile(sandbox.id, 'root/x')).rejects.toMatchObject({ code: 'path_invalid' });
    await expect(sandbox.engine.writeFile(sandbox.id, '/root/nodir/x.txt', Buffer.from('x'))).rejects.toMatchObject({ code: 'path_not_found' });
    await expect(sandbox.engine.readFile(sandbox.id, '/root/blob.bin', 1000)).rejects.toMatchObject({ code: 'file_too_large' });
    await expect(sandbox.engine.listDirectory(sandbox.id, '/root/proj/Dockerfile')).rejects.toBeInstanceOf(EngineError);
  });

  it('resolves path tricks to the normalized path inside the sandbox', async () => {
    await sandbox.engine.writeFile(sandbox.id, '/root/../root/./tricky.txt', Buffer.from('ok'));
    expect((await sandbox.engine.readFile(sandbox.id, '/root/tricky.txt')).toString()).toBe('ok');
  });
});
