/** The body of a request read up to a limit: its bytes, or `too_large` as soon as the limit is passed. */
export type LimitedBody = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: 'too_large' };

/**
 * Reads a request body while counting its bytes and stops at the first chunk past `limitBytes`
 * (the stream is cancelled, so the rest is never buffered). A declared Content-Length above the
 * limit is refused before reading; a missing or false one changes nothing, the count decides.
 */
export async function readLimitedBody(request: Request, limitBytes: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limitBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'too_large' };
  }
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return { ok: true, bytes: chunks[0] };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
