// Entry of the tasks island: one panel per [data-tasks] section (Tasks.astro).
import { on } from '../events.ts';
import { TasksPanel } from './panel.ts';

for (const section of document.querySelectorAll<HTMLElement>('[data-tasks]')) {
  const ids = (section.dataset.exercises ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const panel = new TasksPanel(section, ids, section.dataset.locale ?? 'en');
  on('dockyard:session', (session) => panel.sessionChanged(session));
  void panel.start();
}
