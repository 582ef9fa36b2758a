// The only way the page's islands talk to each other: CustomEvents on
// `document`, each name declared here with the type of its detail, so a typo
// in a name or a wrong detail is a type error instead of a silent no-op.

/** 'lost': the sandbox vanished (removed, or gone in an engine restart); `message` says why. */
export type SessionStatus = 'ready' | 'starting' | 'queued' | 'lost';

/** The session as `POST /api/sessions` and `GET /api/sessions/:id` return it. */
export interface SessionView {
  id: string;
  status: SessionStatus;
  queuePosition?: number;
  expiresAt?: string;
  message?: string;
}

export type Theme = 'light' | 'dark';

export interface DockyardEvents {
  /**
   * The learner's session changed (null: none, e.g. it expired). A reset keeps
   * the id: the session passes through status 'starting' and comes back
   * 'ready' with a fresh sandbox, so treat every move to 'ready' as new.
   */
  'dockyard:session': SessionView | null;
  /** A lesson code block's Run: type the command into the active terminal. */
  'dockyard:run': { command: string };
  /** Open a file in the editor; `content` prefills it when the file does not exist yet. */
  'dockyard:open-file': { path: string; content?: string };
  /** A command the learner typed or ran finished: the shell shows its prompt again. */
  'dockyard:command-finished': undefined;
  /** Tasks loaded progress or ran a check. */
  'dockyard:task-status': { exerciseId: string; passed: string[]; total: number };
  /** A workbench pane changed size or visibility. */
  'dockyard:layout': undefined;
  /** The editor pane became visible. */
  'dockyard:editor-shown': undefined;
  'dockyard:inside-shown': undefined;
  /** The colour theme was switched. */
  'dockyard:theme': { theme: Theme };
}

export type DockyardEventName = keyof DockyardEvents;

export function emit<K extends DockyardEventName>(name: K, ...[detail]: DockyardEvents[K] extends undefined ? [] : [DockyardEvents[K]]): void {
  document.dispatchEvent(new CustomEvent(name, { detail }));
}

/** Listens to one event; returns the function that stops listening. */
export function on<K extends DockyardEventName>(name: K, handler: (detail: DockyardEvents[K]) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<DockyardEvents[K]>).detail);
  document.addEventListener(name, listener);
  return () => document.removeEventListener(name, listener);
}
