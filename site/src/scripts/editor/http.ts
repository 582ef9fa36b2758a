// Calls to the Dockyard API that turn every failure into an ApiError carrying
// the server's `{ error, message }`, so callers can say exactly what went
// wrong. A request that never got an answer has status 0.

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

// The server runs a few file requests per session at once and refuses the
// rest with 429 too_many_at_once until one finishes (a tree refresh lists every
// open folder together): such a request is sent again shortly.
const BUSY_RETRIES = 8;
const BUSY_WAIT_MS = 150;

/** `retryWhenBusy`: false for requests nobody waits for, which should give way rather than queue. */
export async function apiFetch(url: string, init: RequestInit = {}, retryWhenBusy = true): Promise<Response> {
  let response: Response;
  let body: { error?: string; message?: string };
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(url, { credentials: 'same-origin', ...init });
    } catch (err) {
      throw new ApiError(0, 'network_error', (err as Error).message);
    }
    // 304: a conditional read found the file as the caller knew it.
    if (response.ok || response.status === 304) return response;
    body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    if (!retryWhenBusy || response.status !== 429 || body.error !== 'too_many_at_once' || attempt >= BUSY_RETRIES) break;
    await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS * (attempt + 1)));
  }
  throw new ApiError(response.status, body.error ?? `http_${response.status}`, body.message ?? `${init.method ?? 'GET'} ${url} answered ${response.status}`);
}

export async function apiJson<T>(url: string, init: RequestInit = {}, retryWhenBusy = true): Promise<T> {
  const response = await apiFetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } }, retryWhenBusy);
  return (await response.json()) as T;
}
