/** The outcome of a Cloud API send: never thrown, always a value saying whether to retry. */
export type GraphSendResult =
  | { readonly ok: true; readonly messageId: string; readonly waId: string | undefined }
  | {
      readonly ok: false;
      /** Whether the same request may succeed later (rate limits, throttled Flow, Graph outages, network). */
      readonly retry: boolean;
      /** HTTP status, or 0 when no response arrived. */
      readonly status: number;
      /** Graph's numeric error code when it sent one (for example 131047 outside the 24-hour window). */
      readonly code: number | undefined;
      readonly message: string;
    };

// Graph codes worth retrying: rate limits (4, 80007, 130429, 131048, 131056), temporary errors (1, 2, 131000,
// 131016) and a throttled Flow (132069, at most 10 sends an hour — platform spec §2.2).
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 132069]);

// What to do, for the failures a user can act on whatever the message was.
const ADVICE = new Map<number, string>([
  [190, 'the access token has expired or was revoked: save a new system-user token in the WhatsApp connection'],
  [4, 'Meta is rate-limiting this app: send again in a few minutes'],
  [80007, 'Meta is rate-limiting this WhatsApp Business Account: send again in a few minutes'],
  [130429, 'Meta is rate-limiting this phone number: send again in a few minutes'],
]);

/** Maps a Graph API error response (`{error: {message, code, error_subcode?, …}}`) to a typed failure. */
export function toGraphFailure(status: number, body: unknown): Extract<GraphSendResult, { ok: false }> {
  const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = typeof fields['code'] === 'number' ? fields['code'] : undefined;
  const details = fields['error_data'];
  const detail = typeof details === 'object' && details !== null && 'details' in details && typeof details.details === 'string' ? details.details : undefined;
  const text = typeof fields['message'] === 'string' ? fields['message'] : `Graph API answered HTTP ${status}`;
  const retry = status === 429 || status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code));
  const said = detail === undefined ? text : `${text}: ${detail}`;
  return { ok: false, retry, status, code, message: ADVICE.has(code ?? -1) ? `${said} — ${ADVICE.get(code ?? -1) ?? ''}` : said };
}

/** Reads the message id out of a successful send response (`{messages: [{id}], contacts: [{wa_id}]}`). */
export function toGraphSuccess(status: number, body: unknown): GraphSendResult {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const messages = Array.isArray(record['messages']) ? (record['messages'] as unknown[]) : [];
  const contacts = Array.isArray(record['contacts']) ? (record['contacts'] as unknown[]) : [];
  const first = messages[0];
  const id = typeof first === 'object' && first !== null && 'id' in first && typeof first.id === 'string' ? first.id : undefined;
  const contact = contacts[0];
  const waId = typeof contact === 'object' && contact !== null && 'wa_id' in contact && typeof contact.wa_id === 'string' ? contact.wa_id : undefined;
  if (id === undefined) return { ok: false, retry: false, status, code: undefined, message: 'Graph API answered without a message id' };
  return { ok: true, messageId: id, waId };
}
