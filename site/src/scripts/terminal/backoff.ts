// Delay before reconnect attempt `attempt` (0-based): doubling from half a
// second to ten, with jitter so a restarted server is not hit by every
// learner's browser in the same instant.
const FIRST_MS = 500;
const LONGEST_MS = 10_000;

export function reconnectDelay(attempt: number): number {
  const ceiling = Math.min(LONGEST_MS, FIRST_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
