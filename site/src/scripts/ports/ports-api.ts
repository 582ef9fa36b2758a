// GET /api/sessions/:id/ports (README, section API) as the ports pane uses it.
import { apiJson } from '../editor/http.ts';

export interface PublishedContainer {
  name: string;
  image: string;
  target: string;
}

export interface ListeningPort {
  port: number;
  containers: PublishedContainer[];
}

export async function listPorts(sessionId: string): Promise<ListeningPort[]> {
  return (await apiJson<{ ports: ListeningPort[] }>(`/api/sessions/${encodeURIComponent(sessionId)}/ports`)).ports;
}

/** The web preview of `port` (server/routes/preview.ts): what it serves, to this learner only. */
export function previewUrl(sessionId: string, port: number): string {
  return `/preview/${encodeURIComponent(sessionId)}/${port}/`;
}
