// Waiting between attempts to reach an engine that does not answer: quick at
// first (a restart takes seconds), then no more often than every 15 s.
import type Docker from 'dockerode';

export function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, 15_000);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Resolves when the engine answers a ping within `timeoutMs`; rejects saying why not. */
export async function ping(docker: Docker, timeoutMs = 3000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
  });
  try {
    await Promise.race([docker.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
