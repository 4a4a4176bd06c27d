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

/**
 * Takes a version through review as a team would (docs/governance.md): the admin issues a designer and a
 * reviewer token (once per suite), the designer submits the version and the reviewer approves it.
 */
export function createReviewTeam(baseUrl: () => string, adminToken: string) {
  const admin = createAdminApi(baseUrl, adminToken);
  let team: { designer: ReturnType<typeof createAdminApi>; reviewer: ReturnType<typeof createAdminApi> } | undefined;
  const issue = async (role: string) => {
    const made = await admin('POST', '/tokens', { name: `e2e-${role}`, role });
    if (made.status !== 201) throw new Error(`cannot issue a ${role} token: ${made.text}`);
    return createAdminApi(baseUrl, String(made.body['token']));
  };
  return async (flowId: string, version: number): Promise<void> => {
    team ??= { designer: await issue('designer'), reviewer: await issue('reviewer') };
    const submitted = await team.designer('POST', `/flows/${flowId}/versions/${version}/submit`);
    if (submitted.status !== 200) throw new Error(`submit ${flowId} v${version}: ${submitted.text}`);
    const approved = await team.reviewer('POST', `/flows/${flowId}/versions/${version}/approve`);
    if (approved.status !== 200) throw new Error(`approve ${flowId} v${version}: ${approved.text}`);
  };
}
