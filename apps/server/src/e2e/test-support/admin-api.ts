/** A JSON object of an API answer. */
export type ApiJson = { readonly [key: string]: unknown };

/** One admin API call's answer: status, parsed JSON body ({} when empty) and the raw text. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: ApiJson;
  readonly text: string;
}

/**
 * Calls the running server's `/api/v1` with a bearer token, as automation does; `baseUrl` is read at each
 * call because suites learn their server's port in `before`.
 */
export function createAdminApi(baseUrl: () => string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${baseUrl()}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as ApiJson), text };
  };
}
