// Records the terminals of learners in open classes, for their instructor to
// replay: a terminal is recorded from when it opens (or its learner joins a
// class) until it closes or the class does, with a marker wherever the
// learner ran a check. The learner is told on their screen. Closing a class
// ends its recordings; deleting one removes them, and old ones are swept,
// also when recording has been turned off since they were made.
import type { FastifyBaseLogger } from 'fastify';
import type { Classroom } from '../classes/classroom.ts';
import { memberKey } from '../classes/roster.ts';
import type { SessionManager } from '../sessions/session-manager.ts';
import type { Terminal } from '../terminals/terminal.ts';
import type { TerminalHub } from '../terminals/terminal-hub.ts';
import { checkMarker } from './asciicast.ts';
import type { RecordingStore } from './recording-store.ts';
import type { TerminalRecording } from './terminal-recording.ts';

const SWEEP_EVERY_MS = 60 * 60 * 1000;

interface ActiveRecording {
  classId: string;
  member: string;
  terminal: Terminal;
  recording: TerminalRecording;
  untap: () => void;
}

export class ClassRecorder {
  private readonly active = new Set<ActiveRecording>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly store: RecordingStore,
    private readonly classroom: Classroom,
    private readonly sessions: SessionManager,
    private readonly terminals: TerminalHub,
    private readonly log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  ) {}

  /** Keeps the recordings' lifetimes (sweep, deletion with the class); with `record`, also records. */
  start({ record }: { record: boolean }): void {
    this.classroom.on('deleted', (classId) => {
      this.endClass(classId);
      this.store.deleteClass(classId).catch((err: Error) => this.log.error({ err, classId }, 'could not remove a deleted class\'s recordings'));
    });
    const sweep = () => this.store.sweep().then(
      (removed) => { if (removed) this.log.info({ removed }, 'recordings past their retention time removed'); },
      (err: Error) => this.log.error({ err }, 'could not sweep old recordings'),
    );
    void sweep();
    this.sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
    if (!record) return;

    this.terminals.on('opened', (sessionId, name, terminal) => {
      const learner = this.sessions.get(sessionId)?.learner;
      if (!learner) return;
      for (const classId of this.classroom.openClassesOf(learner)) this.record(classId, learner, name, terminal);
    });
    this.classroom.on('joined', (classId, learner) => {
      // A member may come back to a closed class (under a new name): nothing of theirs is recorded for it then.
      if (!this.classroom.openClassesOf(learner).includes(classId)) return;
      for (const session of this.sessions.forLearner(learner)) {
        for (const [name, terminal] of this.terminals.ofSession(session.id)) this.record(classId, learner, name, terminal);
      }
    });
    this.classroom.on('checked', (classId, learner, exercise, result) => {
      const member = memberKey(classId, learner);
      const label = checkMarker(exercise, result.tasks);
      for (const active of this.active) if (active.classId === classId && active.member === member) active.recording.mark(label);
    });
    this.classroom.on('closed', (classId) => this.endClass(classId));
  }

  /** Ends every recording; resolves once their files are written out. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    const closing = [...this.active].map((active) => active.recording.closed);
    for (const active of this.active) this.end(active);
    await Promise.all(closing);
  }

  private record(classId: string, learner: string, name: string, terminal: Terminal): void {
    const member = memberKey(classId, learner);
    // Joining again (a new display name) must not start a second recording of the same terminal.
    if ([...this.active].some((a) => a.classId === classId && a.member === member && a.terminal === terminal)) return;
    let recording: TerminalRecording | undefined;
    try {
      recording = this.store.start(classId, member, name, terminal.size);
    } catch (err) {
      // A recording that cannot be made costs the learner nothing: their terminal and their join go on.
      this.log.error({ err, classId }, 'could not start recording a terminal');
      return;
    }
    if (!recording) return;
    const active: ActiveRecording = { classId, member, terminal, recording, untap: () => undefined };
    this.active.add(active);
    // The terminal ends the recording when it closes (at once, if it already has).
    active.untap = terminal.tap({
      output: (data) => recording.output(data),
      resize: (cols, rows) => recording.resize(cols, rows),
      end: () => this.end(active),
    });
    terminal.tell('Your class records this terminal: your instructor can replay it.');
  }

  private end(active: ActiveRecording): void {
    if (!this.active.delete(active)) return;
    active.untap();
    active.recording.end();
  }

  private endClass(classId: string): void {
    for (const active of this.active) if (active.classId === classId) this.end(active);
  }
}
