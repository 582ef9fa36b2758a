// The open terminal tabs, kept in sessionStorage (per browser tab) so a reload
// or the next lesson page reconnects the same shells.
const KEY = 'dockyard.terminals';
const NAME = /^[A-Za-z0-9_-]{1,32}$/;

export interface SavedTabs {
  names: string[];
  active?: string;
}

export function loadTabs(): SavedTabs {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as unknown;
    if (typeof value !== 'object' || value === null) return { names: [] };
    const { names, active } = value as Record<string, unknown>;
    const valid = Array.isArray(names) ? [...new Set(names.filter((n): n is string => typeof n === 'string' && NAME.test(n)))] : [];
    return { names: valid, active: typeof active === 'string' && valid.includes(active) ? active : valid[0] };
  } catch {
    // Storage disabled or a value that is not ours: start with no saved tabs.
    return { names: [] };
  }
}

export function saveTabs(tabs: SavedTabs): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(tabs));
  } catch {
    // Storage disabled or full: tabs just are not remembered.
  }
}
