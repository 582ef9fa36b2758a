// Messages between the server and its screen-mirror worker (mirror-worker.mjs).
export type MirrorRequest =
  | { type: 'open'; id: string; cols: number; rows: number }
  | { type: 'write'; id: string; data: ArrayBuffer }
  | { type: 'resize'; id: string; cols: number; rows: number }
  | { type: 'snapshot'; id: string; serial: number }
  | { type: 'close'; id: string };

export type MirrorReply =
  | { type: 'written'; id: string; bytes: number }
  | { type: 'snapshot'; id: string; serial: number; screen: string };
