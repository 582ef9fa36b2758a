// Marks each lesson card on the course home with the learner's progress from
// GET /api/progress: done when every exercise of the lesson is completed, in
// progress when some task of it passed. The first unfinished lesson becomes
// the "continue" link.
interface ExerciseProgress {
  completed: boolean;
  tasks: Record<string, { passed: boolean }>;
}

type Progress = 'done' | 'started' | 'new';

function lessonProgress(exerciseIds: string[], progress: Record<string, ExerciseProgress>): Progress {
  if (exerciseIds.length && exerciseIds.every((id) => progress[id]?.completed)) return 'done';
  const touched = exerciseIds.some((id) => progress[id]?.completed || Object.values(progress[id]?.tasks ?? {}).some((task) => task.passed));
  return touched ? 'started' : 'new';
}

async function show(): Promise<void> {
  const response = await fetch('/api/progress', { credentials: 'same-origin' });
  if (!response.ok) return; // no progress to show; the cards stay "not started"
  const { exercises } = (await response.json()) as { exercises: Record<string, ExerciseProgress> };
  const cards = [...document.querySelectorAll<HTMLElement>('[data-testid^="lesson-card-"]')];
  for (const card of cards) {
    const state = lessonProgress((card.dataset.exercises ?? '').split(',').filter(Boolean), exercises);
    card.dataset.progress = state;
    const label = card.querySelector<HTMLElement>('[data-progress-label]');
    if (label) label.textContent = label.dataset[`label${state[0].toUpperCase()}${state.slice(1)}`] ?? state;
  }
  const next = cards.find((card) => card.dataset.progress !== 'done');
  const start = document.querySelector<HTMLAnchorElement>('[data-home-start]');
  const nextLink = next?.querySelector<HTMLAnchorElement>('h3 a');
  if (start && nextLink && cards.some((card) => card.dataset.progress !== 'new')) {
    start.href = nextLink.href;
    start.textContent = `${start.dataset.continueLabel}: ${nextLink.textContent}`;
  }
}

void show().catch(() => {
  // The server is unreachable: the page still lists the course.
});
