// Shows the "lesson complete" marker once every exercise of the lesson has
// all of its tasks passed, as the tasks area reports them.
import { on } from './events.ts';

const marker = document.querySelector<HTMLElement>('[data-testid="lesson-complete"]');

if (marker) {
  const exercises = (marker.dataset.lessonExercises ?? '').split(',').filter(Boolean);
  const complete = new Map<string, boolean>();
  on('dockyard:task-status', ({ exerciseId, passed, total }) => {
    if (!exercises.includes(exerciseId)) return;
    complete.set(exerciseId, total > 0 && new Set(passed).size >= total);
    marker.hidden = !exercises.every((id) => complete.get(id));
  });
}
