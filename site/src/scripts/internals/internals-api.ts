// GET /api/sessions/:id/internals (README, section API) as the Inside pane uses it.
import { apiJson } from '../editor/http.ts';

export interface NamespaceView {
  kind: string;
  id: string;
  /** Sandbox: shared with the host; container: shared with the sandbox. */
  shared: boolean;
}

export interface CgroupView {
  path: string;
  memory: { usedBytes: number | null; limitBytes: number | null };
  processes: { count: number | null; limit: number | null };
  cpus: number | null;
}

export interface InterfaceView {
  name: string;
  kind: string;
  bridge?: string;
  up: boolean;
  addresses: string[];
}

export interface ContainerView {
  id: string;
  name: string;
  image: string;
  pid: number;
  namespaces: NamespaceView[];
  cgroup: CgroupView;
  overlay: { lowerLayers: string[]; upper: string; upperBytes: number | null } | null;
  interfaces: InterfaceView[];
}

export interface Internals {
  namespaces: NamespaceView[];
  cgroup: CgroupView;
  interfaces: InterfaceView[];
  containers: ContainerView[];
  /** Containers past the first 16, not read. */
  containersNotShown: number;
}

export function readInternals(sessionId: string): Promise<Internals> {
  return apiJson<Internals>(`/api/sessions/${encodeURIComponent(sessionId)}/internals`);
}
