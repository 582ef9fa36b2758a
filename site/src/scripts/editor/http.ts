// Calls to the Dockyard API that turn every failure into an ApiError carrying
// the server's `{ error, message }`, so callers can say exactly what went
// wrong. A request that never got an answer has status 0.

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (err) {
    throw new ApiError(0, 'network_error', (err as Error).message);
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  throw new ApiError(response.status, body.error ?? `http_${response.status}`, body.message ?? `${init.method ?? 'GET'} ${url} answered ${response.status}`);
}

export async function apiJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await apiFetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  return (await response.json()) as T;
}
