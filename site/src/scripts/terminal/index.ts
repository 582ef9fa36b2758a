// Entry of the terminal island (loaded by components/Terminals.astro).
import { TerminalSet } from './terminal-set.ts';

for (const root of document.querySelectorAll<HTMLElement>('[data-terminals]')) new TerminalSet(root);
