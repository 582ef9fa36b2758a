// xterm colour palettes for the site's light and dark themes. The background
// matches the workbench panel; each ANSI colour keeps enough contrast with it
// that `ls --color`, `grep --color` and prompts stay readable.
import type { ITheme } from '@xterm/xterm';
import type { Theme } from '../events.ts';

const light: ITheme = {
  background: '#ffffff',
  foreground: '#1d2430',
  cursor: '#1d2430',
  cursorAccent: '#ffffff',
  selectionBackground: '#b6d4f5',
  selectionInactiveBackground: '#d7e3f0',
  black: '#1d2430',
  red: '#b3261e',
  green: '#17692e',
  yellow: '#7a5200',
  blue: '#0b57a8',
  magenta: '#8a2f9e',
  cyan: '#0a6470',
  white: '#5b6472',
  brightBlack: '#4a5260',
  brightRed: '#c5221f',
  brightGreen: '#1a7f37',
  brightYellow: '#8a5d00',
  brightBlue: '#0b66c3',
  brightMagenta: '#9c36b5',
  brightCyan: '#0b7583',
  brightWhite: '#6e7781',
};

const dark: ITheme = {
  background: '#161d26',
  foreground: '#e3e8ef',
  cursor: '#e3e8ef',
  cursorAccent: '#161d26',
  selectionBackground: '#2f4e73',
  selectionInactiveBackground: '#28384d',
  black: '#3b4554',
  red: '#ff7b72',
  green: '#4ac26b',
  yellow: '#e3b341',
  blue: '#6cb6ff',
  magenta: '#d2a8ff',
  cyan: '#56d4dd',
  white: '#c9d1d9',
  brightBlack: '#8b96a5',
  brightRed: '#ffa198',
  brightGreen: '#6fdd8b',
  brightYellow: '#f2cc60',
  brightBlue: '#91cbff',
  brightMagenta: '#e2c5ff',
  brightCyan: '#8ce8ee',
  brightWhite: '#f5f7fa',
};

export function terminalTheme(theme: Theme): ITheme {
  return theme === 'dark' ? dark : light;
}

export function pageTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}
