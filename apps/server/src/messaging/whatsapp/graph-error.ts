/** What kind of Graph API failure happened, named for what the user has to do about it. */
export type GraphErrorKind =
  | 'expired_token'
  | 'missing_permission'
  | 'rate_limited'
  | 'not_found'
  | 'name_taken'
  | 'invalid_request'
  | 'flow_state'
  | 'server_error'
  | 'network'
  | 'refused'
  | 'bad_response';

/** A Graph API failure as a value: Meta's fields kept for support, and a plain message for the user. */
export interface GraphError {
  readonly kind: GraphErrorKind;
  /** Whether the same request may succeed if sent again later. */
  readonly retry: boolean;
  /** HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly type?: string;
  /** Meta's trace id, to quote to Meta support. */
  readonly fbtraceId?: string;
  /** Meta's own message text. */
  readonly graphMessage?: string;
  /** What went wrong and what to do, in plain words. */
  readonly message: string;
}

// Graph's throttling codes: app (4), user (17), page/WABA (32, 80007), API method (613) and Cloud API (130429).
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80007, 130429]);
// Temporary Graph failures that Meta documents as retryable.
const TEMPORARY_CODES = new Set([1, 2]);

function field(record: Record<string, unknown>, key: string): unknown {
  return record[key];
}

/** Reads `{"error":{"message","type","code","error_subcode","fbtrace_id"}}` into a typed failure with a plain message. */
export function toGraphError(status: number, body: unknown, action: string): GraphError {
  const envelope = typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null ? (body.error as Record<string, unknown>) : undefined;
  if (envelope === undefined) {
    const retry = status >= 500 || status === 429;
    return { kind: retry ? 'server_error' : 'bad_response', retry, status, message: `${action}: Graph API answered HTTP ${status} without an error envelope${retry ? ' (Meta had a temporary problem; try again)' : ''}` };
  }
  const num = (key: string) => (typeof field(envelope, key) === 'number' ? (field(envelope, key) as number) : undefined);
  const str = (key: string) => (typeof field(envelope, key) === 'string' ? (field(envelope, key) as string) : undefined);
  const code = num('code');
  const subcode = num('error_subcode');
  const graphMessage = [str('message'), str('error_user_title'), str('error_user_msg')].filter((s) => s !== undefined).join(' — ') || undefined;
  const type = str('type');
  const fbtraceId = str('fbtrace_id');
  const base = {
    status,
    ...(code === undefined ? {} : { code }),
    ...(subcode === undefined ? {} : { subcode }),
    ...(type === undefined ? {} : { type }),
    ...(fbtraceId === undefined ? {} : { fbtraceId }),
    ...(graphMessage === undefined ? {} : { graphMessage }),
  };
  const meta = `${graphMessage ?? 'no message'} (Graph code ${code ?? '?'}${subcode === undefined ? '' : `/${subcode}`}${fbtraceId === undefined ? '' : `, fbtrace_id ${fbtraceId}`})`;
  const say = (kind: GraphErrorKind, retry: boolean, advice: string): GraphError => ({ ...base, kind, retry, message: `${action}: ${advice} — Meta said: ${meta}` });
  if (code === 190) return say('expired_token', false, 'the access token has expired or was revoked; create a new system-user token and save it in the WhatsApp connection');
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return say('missing_permission', false, 'the access token lacks a permission; give the system user whatsapp_business_management and whatsapp_business_messaging on this WABA and its phone number');
  }
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return say('rate_limited', true, 'Meta is rate-limiting this app or account; Flowline retries with backoff, try again in a few minutes');
  if (status >= 500 || (code !== undefined && TEMPORARY_CODES.has(code))) return say('server_error', true, 'Meta had a temporary problem; try again');
  if (code === 100 && /\b(unique|already (exists|taken|used)|name is taken)\b/i.test(graphMessage ?? '')) return say('name_taken', false, 'this name already exists on the WhatsApp Business Account (Flow and template names are unique there); choose another name');
  if (code === 100 && (subcode === 33 || /does not exist|unknown path|cannot be loaded/i.test(graphMessage ?? ''))) {
    return say('not_found', false, 'Meta does not know this id, or the token may not see it; check the WABA id and phone number id of the connection');
  }
  if (code === 2500 || status === 404) return say('not_found', false, 'Meta does not know this path or id; check the WABA id and phone number id of the connection');
  if (code !== undefined && code >= 139000 && code <= 139006) return say('flow_state', false, 'the Flow is not in a state that allows this on Meta');
  return say('invalid_request', false, 'Meta refused the request');
}

/** A failure that never reached Meta or whose answer was unreadable. */
export function transportError(kind: 'network' | 'refused', detail: string, action: string): GraphError {
  return kind === 'refused'
    ? { kind, retry: false, status: 0, message: `${action}: the Graph base URL was refused by the outbound address guard (${detail}); set FLOWLINE_ALLOW_PRIVATE_HTTP=loopback only for a local stand-in` }
    : { kind, retry: true, status: 0, message: `${action}: Graph API unreachable (${detail}); check the network and the Graph base URL` };
}
