/** Image types a browser shows as pictures and never runs: the only files served inline. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
/** Types a browser could run or render as a page: served as bytes, whatever the customer's file said. */
const ACTIVE = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|[a-z]+\/(x-)?(java|ecma)script)(;|$)/i;

/** How a customer's file is served: its content type, and the other headers (disposition with the name per RFC 6266/8187, no sniffing, no scripts). */
export function mediaResponseHeaders(mimeType: string, fileName: string, size: number): { contentType: string; headers: Record<string, string> } {
  const inline = INLINE_TYPES.has(mimeType.toLowerCase());
  const contentType = ACTIVE.test(mimeType) || !/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i.test(mimeType) ? 'application/octet-stream' : mimeType;
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_').slice(0, 150) || 'file';
  return {
    contentType,
    headers: {
      'content-length': String(size),
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.slice(0, 150))}`,
      'x-content-type-options': 'nosniff',
      // Even a file opened directly cannot run anything or reach anything.
      'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
      'cache-control': 'private, max-age=300',
    },
  };
}
