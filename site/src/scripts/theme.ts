// The theme toggle: flips data-theme on <html>, remembers the choice, and
// until a choice is made follows the system's preference as it changes.
// (The first paint's theme is set by the inline script in Base.astro.)
import { emit, type Theme } from './events.ts';

const STORAGE_KEY = 'dockyard-theme';
const systemDark = matchMedia('(prefers-color-scheme: dark)');

function apply(theme: Theme): void {
  if (document.documentElement.dataset.theme === theme) return;
  document.documentElement.dataset.theme = theme;
  emit('dockyard:theme', { theme });
}

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage refused (private mode, policy): the choice lasts for this page only
  }
}

for (const toggle of document.querySelectorAll<HTMLButtonElement>('[data-testid="theme-toggle"]')) {
  toggle.addEventListener('click', () => {
    const next: Theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // see stored()
    }
    apply(next);
  });
}

systemDark.addEventListener('change', (event) => {
  if (!stored()) apply(event.matches ? 'dark' : 'light');
});
