// What a learner reads when their sandbox went over its disk budget: how much
// it used, what the platform did about it, and what to do next.
import type { DiskBudgetAction } from '../../engine/index.ts';

function size(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

export function diskBudgetMessage({ usedBytes, budgetBytes, action }: DiskBudgetAction): string {
  const used = `Your sandbox uses ${size(usedBytes)} of disk; its limit is ${size(budgetBytes)}.`;
  if (action === 'removed') return `${used} That is far over the limit, so the sandbox was removed; you will get a fresh one.`;
  return `${used} Your running commands were stopped. Delete files you no longer need (rm, docker system prune) to go on.`;
}
