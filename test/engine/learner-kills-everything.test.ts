// A learner who stops every process in their sandbox (`kill -9 -1`, as some
// tutorials do) keeps the sandbox: PID 1 respawns the platform's services,
// the files stay, and the nested engine answers again. On Incus, the default;
// Docker sandboxes (the trusted opt-in) stop instead.
import { describe, expect, it } from 'vitest';
import { sharedSandbox, sh } from './harness.ts';

process.env.DOCKYARD_ENGINE = 'incus';
const sandbox = sharedSandbox();

describe('kill -9 -1 inside a sandbox', () => {
  it('leaves the sandbox running with its files, and its nested engine comes back', async () => {
    const { engine, id } = sandbox;
    const before = await sh(engine, id, 'echo kept > /root/work.txt && docker run -d --name napper busybox sleep 600 >/dev/null && echo ok');
    expect(before.stdout.trim(), before.stderr).toBe('ok');
    const pidsBefore = await sh(engine, id, 'pgrep -x dockerd');

    await sh(engine, id, 'kill -9 -1');

    const back = await sh(engine, id, 'dockyard-ready 30 && cat /root/work.txt && docker info --format "{{.ServerVersion}}" && pgrep -x dockerd', 45_000);
    expect(back.exitCode, back.stderr).toBe(0);
    const [file, version, dockerd] = back.stdout.trim().split('\n');
    expect(file).toBe('kept');
    expect(version).toMatch(/^\d+\.\d+/);
    // A new engine, not the old one surviving: the kill really happened.
    expect(dockerd).not.toBe(pidsBefore.stdout.trim());
    // Its containers were processes too; the engine knows them as exited, and runs new ones.
    const again = await sh(engine, id, 'docker run --rm busybox echo again');
    expect(again.stdout.trim(), again.stderr).toBe('again');
  });
});
