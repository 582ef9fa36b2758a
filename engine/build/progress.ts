// Follows an engine progress stream (build, pull, push) to its end, turning
// its JSON messages into lines a person can follow.
import type Docker from 'dockerode';
import type { Say } from '../host/commands.ts';

interface ProgressEvent {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

export function followProgress(docker: Docker, stream: NodeJS.ReadableStream, say: Say, prefix: string): Promise<ProgressEvent[]> {
  let lastStatus = '';
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: ProgressEvent[]) => {
        if (err) return reject(err);
        const failed = events.find((e) => e.error);
        if (failed) return reject(new Error(`${prefix}: ${failed.errorDetail?.message ?? failed.error}`));
        resolve(events);
      },
      (event: ProgressEvent) => {
        if (event.stream) {
          for (const line of event.stream.split('\n')) if (line.trim()) say(`${prefix} ${line.trimEnd()}`);
        } else if (event.status && !event.progress) {
          // Layer-by-layer status repeats per layer; one line per distinct status keeps it readable.
          const line = `${prefix} ${event.status}`;
          if (line !== lastStatus) say(line);
          lastStatus = line;
        }
      },
    );
  });
}
