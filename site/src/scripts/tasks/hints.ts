// How many hints of each task the learner has revealed, kept in localStorage
// so a reload (or coming back tomorrow) shows the same hints.

const key = (exerciseId: string, taskId: string) => `dockyard:hints:${exerciseId}:${taskId}`;

export function revealedHints(exerciseId: string, taskId: string): number {
  try {
    const count = Number(localStorage.getItem(key(exerciseId, taskId)));
    return Number.isInteger(count) && count > 0 ? count : 0;
  } catch {
    // Storage can be refused (private modes, blocked cookies): hints then last for the page.
    return 0;
  }
}

export function rememberHints(exerciseId: string, taskId: string, count: number): void {
  try {
    localStorage.setItem(key(exerciseId, taskId), String(count));
  } catch {
    // See revealedHints: nothing to keep them in.
  }
}
