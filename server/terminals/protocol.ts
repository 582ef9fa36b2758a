// The terminal WebSocket protocol. Binary frames carry raw terminal bytes in
// both directions; text frames carry these JSON control messages.
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';

export const ClientMessage = Type.Union([
  Type.Object({ type: Type.Literal('resize'), cols: Type.Integer({ minimum: 1, maximum: 500 }), rows: Type.Integer({ minimum: 1, maximum: 200 }) }),
  /** The client has processed this many more output bytes (flow control). */
  Type.Object({ type: Type.Literal('ack'), bytes: Type.Integer({ minimum: 0, maximum: 1 << 30 }) }),
  /** The learner closed this terminal's tab: end the shell now instead of keeping it for a reconnect. */
  Type.Object({ type: Type.Literal('close') }),
]);
export type ClientMessage = Static<typeof ClientMessage>;

export type ServerMessage =
  | { type: 'ready'; restored: boolean; cols: number; rows: number; readOnly?: true }
  /** To a read-only view: the learner resized the terminal. */
  | { type: 'size'; cols: number; rows: number }
  | { type: 'exit'; code: number | null }
  | { type: 'error'; message: string };

const checkClientMessage = Compile(ClientMessage);

/** Parses a text frame; returns an error string when it is not a valid control message. */
export function parseClientMessage(text: string): ClientMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'control frames must be JSON';
  }
  if (checkClientMessage.Check(value)) return value;
  const first = [...checkClientMessage.Errors(value)][0];
  return `invalid control message${first ? `: ${first.instancePath || '/'} ${first.message}` : ''}`;
}

/** Sizes a terminal may start with, from the connection's query string. */
export const TerminalQuery = Type.Object({
  cols: Type.Integer({ minimum: 1, maximum: 500, default: 80 }),
  rows: Type.Integer({ minimum: 1, maximum: 200, default: 24 }),
});
export type TerminalQuery = Static<typeof TerminalQuery>;
