// The roster as CSV for a spreadsheet: one row per learner, one column per
// task. Names are the learners' own words, so a cell that a spreadsheet would
// read as a formula (=, +, -, @, tab, CR) is prefixed with a quote.
import type { Roster } from './roster.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function rosterCsv(roster: Roster): string {
  const head = ['name', 'joined', 'online', 'lesson', 'passed', 'stuck', ...roster.columns.map((c) => c.key)];
  const rows = roster.learners.map((learner) => [
    learner.name,
    learner.joinedAt,
    learner.online,
    learner.lesson ?? '',
    learner.passed,
    learner.stuck,
    ...roster.columns.map((c) => learner.tasks[c.key].state),
  ]);
  return [head, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
