// Errors the engine raises on purpose, each with a stable code the server can
// map to a response and a message that says what was wrong.
export type EngineErrorCode =
  | 'sandbox_not_found'
  | 'sandbox_not_ready'
  | 'path_invalid'
  | 'path_not_found'
  | 'not_a_file'
  | 'not_a_directory'
  | 'read_only'
  | 'file_too_large'
  | 'engine_unavailable'
  | 'disk_full';

export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

/** dockerode reports HTTP failures with a numeric statusCode. */
export function engineStatus(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err ? Number((err as { statusCode: unknown }).statusCode) : undefined;
}

/** A call that could not reach the engine at all (as opposed to the engine answering with an error). */
export function isConnectionFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, syscall } = err as { code?: unknown; syscall?: unknown };
  return syscall === 'connect' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNREFUSED';
}

/** No engine answers, and Dockyard may not or could not start one: the message says what to run. */
export class EngineUnavailableError extends Error {}
