import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A file a customer sent, as Meta keeps it for the Cloud API (a photo of a Flow answer, an image message…). */
export interface StandInMedia {
  /** The Cloud API media id (digits, like Meta's). */
  readonly id: string;
  readonly mimeType: string;
  readonly fileName: string;
  readonly size: number;
  /** SHA-256 of the file: hex, as `GET /{media-id}` answers it. */
  readonly sha256: string;
  /** The same hash in base64, as webhook media objects carry it. */
  readonly sha256Base64: string;
}

/** The media side of the stand-in: Retrieve Media URL (`GET /{media-id}`) and the download URLs it hands out. */
export interface MediaDesk {
  /** Keeps a file as Meta would after a customer sent it; its id goes into a §6.3 answer or a media message. */
  add(bytes: Uint8Array, options: { mimeType: string; fileName?: string }): StandInMedia;
  /** From now on the file is served with one byte changed (its stated hash stays): a download that must be refused. */
  tamper(id: string): void;
  /** Meta no longer keeps the file: the id answers as unknown, its URLs 404. */
  remove(id: string): void;
  /** Every URL handed out so far stops working, as Meta's do after a few minutes. */
  expireUrls(): void;
  /** How many times a file's bytes were served. */
  downloads(id: string): number;
  /** Every file added so far (removed ones included), oldest first. */
  added(): StandInMedia[];
}

/** Meta's download URLs last minutes (the Retrieve Media URL reference: "only valid for 5 minutes"). */
const URL_TTL_MS = 5 * 60_000;
/** The download path of the stand-in's URLs (Meta's are `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=…`). */
export const MEDIA_DOWNLOAD_PATH = '/whatsapp_business/attachments/';

type GraphErrorOf = (message: string, code: number, extra?: Record<string, unknown>) => { error: Record<string, unknown> };

/** Creates the media desk; `newId` gives Meta-like ids, `baseUrl` the stand-in's address once it listens. */
export function createMediaDesk(options: { phoneNumberId: string; newId: () => string; baseUrl: () => string; graphError: GraphErrorOf }) {
  const files = new Map<string, { info: StandInMedia; bytes: Buffer; tampered: boolean; served: number }>();
  const all: StandInMedia[] = [];
  const secret = randomBytes(16);
  const valid = new Set<string>();
  const sign = (id: string, expires: string) => createHmac('sha256', secret).update(`${id}:${expires}`).digest('hex').slice(0, 32);
  const unknown = (id: string) => ({
    status: 400,
    body: options.graphError(`Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`, 100, { error_subcode: 33 }),
  });

  const desk: MediaDesk = {
    add(bytes, meta) {
      const buffer = Buffer.from(bytes);
      const digest = createHash('sha256').update(buffer).digest();
      const id = options.newId();
      const info: StandInMedia = { id, mimeType: meta.mimeType, fileName: meta.fileName ?? `${id}`, size: buffer.length, sha256: digest.toString('hex'), sha256Base64: digest.toString('base64') };
      files.set(id, { info, bytes: buffer, tampered: false, served: 0 });
      all.push(info);
      return info;
    },
    tamper(id) {
      const file = files.get(id);
      if (file === undefined) throw new Error(`the stand-in has no media ${id}`);
      file.tampered = true;
    },
    remove(id) {
      files.delete(id);
    },
    expireUrls() {
      valid.clear();
    },
    downloads: (id) => files.get(id)?.served ?? 0,
    added: () => [...all],
  };

  return {
    ...desk,
    has: (id: string) => files.has(id),
    /** `GET /{media-id}[?phone_number_id=…]`: Meta's Retrieve Media URL answer, or Graph's unknown-object error. */
    resolve(id: string, url: URL): { status: number; body: unknown } {
      const file = files.get(id);
      const phone = url.searchParams.get('phone_number_id');
      // With phone_number_id, Graph answers only for media of that number.
      if (file === undefined || (phone !== null && phone !== options.phoneNumberId)) return unknown(id);
      const expires = String(Math.floor((Date.now() + URL_TTL_MS) / 1000));
      const hash = sign(id, expires);
      valid.add(hash);
      const download = `${options.baseUrl()}${MEDIA_DOWNLOAD_PATH}?mid=${encodeURIComponent(id)}&ext=${expires}&hash=${hash}`;
      // Meta's reference example, field for field (file_size is a string of digits there).
      return { status: 200, body: { url: download, mime_type: file.info.mimeType, sha256: file.info.sha256, file_size: String(file.info.size), id, messaging_product: 'whatsapp' } };
    },
    /** The download URL (the bearer token was checked before): the bytes, or 404 for an unknown, forged or expired URL. */
    download(url: URL): { status: number; type: string; body: Buffer } {
      const id = url.searchParams.get('mid') ?? '';
      const expires = url.searchParams.get('ext') ?? '';
      const hash = url.searchParams.get('hash') ?? '';
      const file = files.get(id);
      const fresh = hash === sign(id, expires) && valid.has(hash) && Number(expires) * 1000 > Date.now();
      if (file === undefined || !fresh) return { status: 404, type: 'text/plain', body: Buffer.from('URL signature expired or file not found') };
      file.served += 1;
      const body = Buffer.from(file.bytes);
      if (file.tampered) body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff;
      return { status: 200, type: file.info.mimeType, body };
    },
  };
}
