/** The outcome of an API call: data, or a problem the page can show (never a thrown error). */
export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly data: T }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

/** A thin client for the admin API under `/api/v1`, authenticated with a bearer token. */
export interface ApiClient {
  readonly token: string;
  get<T>(path: string): Promise<ApiResult<T>>;
  post<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  put<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  patch<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  delete<T>(path: string): Promise<ApiResult<T>>;
  /** A GET whose answer is a file (a submission's photo or document), read as a Blob. */
  getBlob(path: string): Promise<ApiResult<Blob>>;
  /** A POST whose body is a file's bytes, sent with the file's type (the sandbox phone's uploads); the answer is JSON. */
  postFile<T>(path: string, file: Blob): Promise<ApiResult<T>>;
}

/** Base path of the admin API. */
export const API_BASE = '/api/v1';

/** Creates an API client; `path` is relative to `/api/v1` (e.g. `/flows`). */
export function createApiClient(token: string, base: string = API_BASE): ApiClient {
  const call = async <T>(method: string, path: string, body?: unknown, file?: Blob): Promise<ApiResult<T>> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (file !== undefined) headers['content-type'] = file.type === '' ? 'application/octet-stream' : file.type;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { method, headers, ...(file !== undefined ? { body: file } : body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (error) {
      return { ok: false, status: 0, code: 'NETWORK', message: error instanceof Error ? error.message : 'The server cannot be reached.' };
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    if (response.ok) return { ok: true, status: response.status, data: parsed as T };
    return { ok: false, status: response.status, ...toProblem(response.status, parsed) };
  };
  return {
    token,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
    postFile: (path, file) => call('POST', path, undefined, file),
    async getBlob(path) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      } catch (error) {
        return { ok: false, status: 0, code: 'NETWORK', message: error instanceof Error ? error.message : 'The server cannot be reached.' };
      }
      if (response.ok) return { ok: true, status: response.status, data: await response.blob() };
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: the status says enough.
      }
      return { ok: false, status: response.status, ...toProblem(response.status, parsed) };
    },
  };
}

/** Reads the API's `{error: {code, message}}` body (or a bare `{error: string}`). */
function toProblem(status: number, body: unknown): { code: string; message: string } {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = body.error;
    if (typeof error === 'string') return { code: `HTTP_${status}`, message: error };
    if (typeof error === 'object' && error !== null) {
      const code = 'code' in error && typeof error.code === 'string' ? error.code : `HTTP_${status}`;
      const message = 'message' in error && typeof error.message === 'string' ? error.message : `Request failed (${status}).`;
      return { code, message };
    }
  }
  return { code: `HTTP_${status}`, message: `Request failed (${status}).` };
}

/** A paginated list as the API returns it. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}
