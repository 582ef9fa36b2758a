// Progress and status for a person: on stderr, so stdout stays the command's own output.
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
