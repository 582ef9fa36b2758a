// A learner's web server for preview tests, started inside a sandbox: busybox
// nc runs a shell script per connection. /flood answers forever, /headers
// answers with headers a preview must not pass on, anything else echoes the
// request line and body it received.
import { vi } from 'vitest';
import type { RunningServer } from '../../server/main.ts';

const UPSTREAM = `#!/bin/sh
cr=$(printf '\\r')
read -r method target version
length=0
while read -r header; do
  case "$header" in
    ""|"$cr") break;;
    [Cc]ontent-[Ll]ength:*) length=$(echo "\${header#*:}" | tr -dc 0-9);;
  esac
done
case "$target" in
  /flood*)
    printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\n'
    exec yes 'an endless preview response, line after line after line after line';;
  /headers*)
    printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/html\\r\\n'
    printf 'Set-Cookie: dockyard_learner=tossed-by-preview; Path=/\\r\\nSet-Cookie: other=1; Path=/\\r\\n'
    printf 'Clear-Site-Data: "*"\\r\\nRefresh: 0; url=/api/progress\\r\\nService-Worker-Allowed: /\\r\\n'
    printf 'Access-Control-Allow-Origin: *\\r\\nAccess-Control-Allow-Credentials: true\\r\\nAccess-Control-Expose-Headers: *\\r\\n'
    printf 'Link: </sw.js>; rel=serviceworker\\r\\nContent-Security-Policy: default-src *\\r\\n'
    printf 'Strict-Transport-Security: max-age=31536000\\r\\nAlt-Svc: h2=":443"\\r\\n'
    printf 'Connection: close, X-Hop\\r\\nX-Hop: hop\\r\\nKeep-Alive: timeout=5\\r\\nX-Kept: kept\\r\\n'
    printf 'Content-Length: 5\\r\\n\\r\\nhello';;
  *)
    body="$method $target"
    [ "$length" -gt 0 ] && body="$body $(head -c "$length")"
    printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: %s\\r\\n\\r\\n%s' "\${#body}" "$body";;
esac
`;

/** Starts the server on `port` in the session's sandbox and waits until a preview of it answers. */
export async function startUpstream(server: RunningServer, sessionId: string, port: number, ready: () => Promise<{ status: number }>): Promise<void> {
  const sandboxId = server.context.sessions.get(sessionId)!.sandboxId!;
  const sandboxes = server.context.engine.sandboxes;
  const written = await sandboxes.run(sandboxId, ['sh', '-c', 'cat > /root/upstream.sh && chmod +x /root/upstream.sh'], { stdin: UPSTREAM });
  if (written.exitCode !== 0) throw new Error(`could not write the upstream: ${written.stderr}`);
  const started = await sandboxes.run(sandboxId, ['sh', '-c', `setsid busybox nc -ll -p ${port} -e /root/upstream.sh </dev/null >/dev/null 2>&1 &`]);
  if (started.exitCode !== 0) throw new Error(`could not start the upstream: ${started.stderr}`);
  await vi.waitFor(async () => {
    if ((await ready()).status !== 200) throw new Error(`the upstream on port ${port} never answered`);
  }, { timeout: 30_000, interval: 250 });
}
