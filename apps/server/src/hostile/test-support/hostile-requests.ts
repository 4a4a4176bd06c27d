import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encryptRequest, signBody } from '@flowline/protocol';
import type { WireRequest } from './raw-exchange.js';
import type { SeededRandom } from './seeded-random.js';

/** Which surface a hostile request aims at. */
export type HostileSurface = 'endpoint' | 'webhook' | 'admin' | 'http';

/** A generated hostile request: its category (for the figures) and its bytes. */
export interface HostileRequest extends WireRequest {
  readonly surface: HostileSurface;
  readonly category: string;
  /** The server may drop the connection before or instead of answering (bodies it refuses mid-stream). */
  readonly mayDrop?: boolean;
}

/** What the generators need to know about the server under test. */
export interface HostileTarget {
  /** The endpoint's public key (PEM, or parsed once). */
  readonly publicPem: string | KeyObject;
  readonly appSecret: string;
  readonly adminToken: string;
  readonly verifyToken: string;
  /** The data endpoint's body limit (FLOWLINE_BODY_LIMIT_BYTES). */
  readonly bodyLimitBytes: number;
}

/** The seeded Flows of a fresh server (apps/server/src/admin/seeds). */
export const SEEDED_FLOWS = ['appointment-booking', 'support-triage', 'lead-qualification', 'registration', 'feedback', 'survey'] as const;

const HOST = 'Host: 127.0.0.1';
/** The shared corpus (../shared/corpus from the repo root, as the protocol's crypto-corpus helper finds it). */
const CORPUS = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');
/** A real request encrypted to another key (the kairon vector): answered 421. */
const FOREIGN_ENVELOPE = readFileSync(join(CORPUS, 'crypto', 'kairon_flow_request_envelope.json'), 'utf8');
const FLOW_REPLY_WEBHOOK = JSON.stringify((JSON.parse(readFileSync(join(CORPUS, 'webhooks', 'pywa__flow_completion.json'), 'utf8')) as { completion: unknown }).completion);
const UNICODE = ['é', 'ß', '漢字', '🙂', '\u202e', '\u0000', '\ud800', '\udfff', '\u200b', 'Ω', '𝔘', '\ufeff', '\\', '"', '<script>', "'; DROP TABLE flows;--"];
const BAD_ESCAPES = ['%', '%%', '%z', '%zz', '%E0%A4%A', '%ff', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', 'a%', '%2', '%u0041', '%%30'];

/** One category of hostile traffic: its weight in the mix and how to build one request. */
interface Category {
  readonly name: string;
  readonly surface: HostileSurface;
  readonly weight: number;
  /** At most this many per generator (expensive requests such as 64 MiB bodies). */
  readonly max?: number;
  build(r: SeededRandom, t: HostileTarget, pool: Pool): WireRequest & { mayDrop?: boolean };
}

/** What the generator keeps between requests. */
interface Pool {
  /** Valid signed requests, built once and re-sent verbatim (replays). */
  readonly requests: readonly Buffer[];
  /**
   * Up to `count` variants of an expensive request (megabytes to build, sign or encrypt), built on first
   * use and then picked from: the server still parses, checks or decrypts every one of them, the
   * generator builds each only once, so it leaves the CPU to the server under test.
   */
  memo(key: string, count: number, build: () => Buffer): Buffer;
}

/** Creates the generator: every call returns the next request of the seeded sequence. */
export function createHostileGenerator(random: SeededRandom, target: HostileTarget): () => HostileRequest {
  const built = new Map<string, Buffer[]>();
  const pool: Pool = {
    requests: Array.from({ length: 12 }, (_, i) => validEndpointRequest(target, i).wire),
    memo: (key, count, build) => {
      const variants = built.get(key) ?? [];
      built.set(key, variants);
      if (variants.length < count) {
        const request = build();
        variants.push(request);
        return request;
      }
      return random.pick(variants);
    },
  };
  const counts = new Map<string, number>();
  const total = CATEGORIES.reduce((sum, c) => sum + c.weight, 0);
  return () => {
    for (;;) {
      let roll = random.next() * total;
      const category = CATEGORIES.find((c) => (roll -= c.weight) < 0) ?? CATEGORIES[0];
      if (category === undefined) throw new Error('no categories');
      const used = counts.get(category.name) ?? 0;
      if (category.max !== undefined && used >= category.max) continue;
      counts.set(category.name, used + 1);
      const request = category.build(random, target, pool);
      return { surface: category.surface, category: category.name, closeAfter: request.mayDrop === true || request.holdMs !== undefined, ...request };
    }
  };
}

/** The category names and surfaces, in the order of the figures. */
export function hostileCategories(): readonly { readonly name: string; readonly surface: HostileSurface }[] {
  return CATEGORIES.map(({ name, surface }) => ({ name, surface }));
}

/**
 * A valid, signed request to a seeded Flow with the secrets to read its answer: a ping, or a
 * data_exchange on lead-qualification's COMPANY screen (answered with ENTERPRISE for more than 10 employees).
 */
export function validEndpointRequest(target: HostileTarget, n: number): { wire: Buffer; aesKey: Buffer; iv: Buffer; expected: unknown } {
  const ping = n % 3 === 0;
  const company = `Acme ${n}`;
  const payload = ping
    ? { version: '3.0', action: 'ping' }
    : { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: `hostile-valid-${n}`, data: { company, employees: 50 } };
  const expected = ping ? { data: { status: 'active' } } : { screen: 'ENTERPRISE', data: { company, segment: 'enterprise' } };
  const { envelope, aesKey, iv } = encryptRequest(payload, target.publicPem);
  const body = Buffer.from(JSON.stringify(envelope));
  return { wire: post('/endpoint/lead-qualification', body, [`X-Hub-Signature-256: ${signBody(body, target.appSecret)}`]), aesKey, iv, expected };
}

// ---------------------------------------------------------------------------------------------
// Wire helpers

function post(path: string, body: Buffer | string, headers: readonly string[] = [], method = 'POST'): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = `${method} ${path} HTTP/1.1\r\n${HOST}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

function signed(path: string, body: Buffer | string, t: HostileTarget, extra: readonly string[] = []): Buffer {
  return post(path, body, [`X-Hub-Signature-256: ${signBody(body, t.appSecret)}`, ...extra]);
}

function bearer(t: HostileTarget): string {
  return `Authorization: Bearer ${t.adminToken}`;
}

function text(r: SeededRandom, max: number): string {
  const length = r.int(0, max);
  let out = '';
  while (out.length < length) out += r.chance(0.2) ? r.pick(UNICODE) : String.fromCharCode(r.int(0x20, 0x7e));
  return out;
}

function nested(r: SeededRandom, depth: number): string {
  return r.chance(0.5) ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A random JSON value of bounded size, with hostile leaves. */
function jsonValue(r: SeededRandom, depth = 0): unknown {
  const kind = r.int(0, depth > 3 ? 5 : 8);
  switch (kind) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.pick([0, -1, 1e308, -1e-308, 2 ** 53 + 1, 0.1, 123456789012345]);
    case 3: case 4: return text(r, 40);
    case 5: return r.pick(['', '1e400', 'NaN', '__proto__', 'constructor', '../../etc/passwd']);
    case 6: case 7: {
      const out: Record<string, unknown> = {};
      for (let i = r.int(0, 5); i > 0; i--) out[r.chance(0.2) ? r.pick(['__proto__', 'constructor', 'flow_token', 'screen', 'action', 'data']) : text(r, 12)] = jsonValue(r, depth + 1);
      return out;
    }
    default: return Array.from({ length: r.int(0, 5) }, () => jsonValue(r, depth + 1));
  }
}

/** Base64-looking text with stray invalid characters: a random 1 KiB block repeated (cheap at any length). */
function base64ish(r: SeededRandom, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_!*. ';
  let block = '';
  for (let i = 0; i < Math.min(length, 1024); i++) block += alphabet[r.int(0, alphabet.length - 1)];
  return length <= block.length ? block : block.repeat(Math.ceil(length / block.length)).slice(0, length);
}

// ---------------------------------------------------------------------------------------------
// The data endpoint

/** Cases of hostilePayload that take megabytes or many thousands of values (memoised, see Pool.memo). */
const HEAVY_PAYLOADS = new Set([0, 1, 2, 9, 12]);

function hostilePayload(r: SeededRandom, kind: number): unknown {
  const token = `hostile-${r.int(0, 1_000_000)}`;
  const base = { version: '3.0', action: 'data_exchange', screen: r.pick(['COMPANY', 'APPOINTMENT', 'DETAILS', 'SUMMARY']), flow_token: token };
  switch (kind) {
    case 0: return `{"version":"3.0","action":"data_exchange","screen":"COMPANY","flow_token":"${token}","data":${nested(r, r.int(100, 60_000))}}`;
    case 1: return { ...base, flow_token: 't'.repeat(r.int(10_000, 400_000)), data: {} };
    case 2: return { ...base, data: { error: text(r, 50) + 'e'.repeat(r.int(1000, 200_000)), error_message: text(r, 100) } };
    case 3: return { ...base, screen: text(r, 200), data: { company: text(r, 100), employees: jsonValue(r) } };
    case 4: return { ...base, action: r.pick(['DROP', 'init', '', 123, null, ['INIT'], 'navigate', 'complete']) };
    case 5: {
      const { action: _action, flow_token: _token, ...rest } = base;
      return r.chance(0.5) ? { ...rest, data: {} } : { ...base, flow_token: undefined, data: {} };
    }
    case 6: return { ...base, data: r.pick([[], 'string', 5, null, true]) };
    case 7: return r.bytes(r.int(0, 200)).toString('latin1');
    case 8: return r.pick(['null', '[]', '1e400', '"x"', '{', '{"action":', '']);
    case 9: return { ...base, data: Object.fromEntries(Array.from({ length: r.int(1000, 5000) }, (_, i) => [`k${i}`, i])) };
    case 10: return { ...base, screen: r.pick(UNICODE), data: { company: UNICODE.join(''), employees: '\ud800' } };
    case 11: return { ...base, version: r.pick(['9.9', 3, '', null, '3.0'.repeat(1000)]), data: jsonValue(r) };
    case 12: return `{"version":"3.0","action":"data_exchange","screen":"COMPANY","flow_token":"${token}","data":{"items":[${'0,'.repeat(r.int(1000, 100_000))}0]}}`;
    default: return { ...base, action: r.pick(['INIT', 'BACK', 'data_exchange']), data: jsonValue(r), flow_token_signature: text(r, 300) };
  }
}

function envelopeOf(t: HostileTarget, payload: unknown): Record<string, string> {
  return { ...encryptRequest(payload, t.publicPem).envelope };
}

const ENDPOINT: readonly Category[] = [
  {
    name: 'endpoint: malformed percent-escape in the Flow id',
    surface: 'endpoint',
    weight: 6,
    build: (r) => ({ head: post(`/endpoint/${r.chance(0.5) ? r.pick(SEEDED_FLOWS) : ''}${r.pick(BAD_ESCAPES)}${r.chance(0.3) ? r.pick(BAD_ESCAPES) : ''}`, '{}') }),
  },
  {
    name: 'endpoint: unknown Flow id (short, unicode)',
    surface: 'endpoint',
    weight: 6,
    build: (r, t) => ({ head: post(`/endpoint/${encodeURIComponent(text(r, 60).replace(/[\ud800-\udfff]/g, 'x')) || 'x'}`, r.chance(0.5) ? '{}' : JSON.stringify(envelopeOf(t, { version: '3.0', action: 'ping' }))) }),
  },
  {
    name: 'endpoint: unknown Flow id of 2,000–14,000 characters',
    surface: 'endpoint',
    weight: 8,
    build: (r) => ({ head: post(`/endpoint/${'f'.repeat(r.int(2000, 14_000))}`, '{}') }),
  },
  {
    name: 'endpoint: body not JSON or truncated',
    surface: 'endpoint',
    weight: 6,
    build: (r, t) => {
      const whole = JSON.stringify(envelopeOf(t, { version: '3.0', action: 'ping' }));
      const body = r.chance(0.5) ? whole.slice(0, r.int(0, whole.length - 1)) : r.bytes(r.int(0, 2000));
      return { head: signed(`/endpoint/${r.pick(SEEDED_FLOWS)}`, body, t) };
    },
  },
  {
    name: 'endpoint: wrong keys and types in the envelope',
    surface: 'endpoint',
    weight: 6,
    build: (r, t) => {
      const envelope: Record<string, unknown> = envelopeOf(t, { version: '3.0', action: 'ping' });
      const keys = Object.keys(envelope);
      const key = r.pick(keys);
      const mutation = r.int(0, 3);
      if (mutation === 0) delete envelope[key];
      else if (mutation === 1) envelope[key] = jsonValue(r);
      else if (mutation === 2) envelope[text(r, 20)] = jsonValue(r);
      const body = mutation === 3 ? JSON.stringify(r.pick([[envelope], null, 5, 'x', []])) : JSON.stringify(envelope);
      return { head: signed(`/endpoint/${r.pick(SEEDED_FLOWS)}`, body, t) };
    },
  },
  {
    name: 'endpoint: bad base64, truncated and oversized envelope fields',
    surface: 'endpoint',
    weight: 6,
    build: (r, t, pool) => {
      const mutation = r.int(0, 3);
      const build = () => {
        const envelope = envelopeOf(t, { version: '3.0', action: 'ping' });
        const key = r.pick(Object.keys(envelope));
        const value = envelope[key] ?? '';
        envelope[key] = mutation === 0 ? base64ish(r, r.int(0, 400)) : mutation === 1 ? value.slice(0, r.int(0, value.length)) : mutation === 2 ? '' : base64ish(r, r.chance(0.1) ? t.bodyLimitBytes - 2000 : r.int(20_000, 200_000));
        return signed(`/endpoint/${r.pick(SEEDED_FLOWS)}`, JSON.stringify(envelope), t);
      };
      return { head: mutation === 3 ? pool.memo('oversized field', 8, build) : build() };
    },
  },
  {
    name: 'endpoint: tampered ciphertext or a foreign key',
    surface: 'endpoint',
    weight: 4,
    build: (r, t) => {
      if (r.chance(0.3)) return { head: signed(`/endpoint/${r.pick(SEEDED_FLOWS)}`, FOREIGN_ENVELOPE, t) };
      const envelope = envelopeOf(t, { version: '3.0', action: 'ping' });
      const key = r.pick(Object.keys(envelope));
      const bytes = Buffer.from(envelope[key] ?? '', 'base64');
      const at = r.int(0, Math.max(0, bytes.length - 1));
      bytes[at] = (bytes[at] ?? 0) ^ (1 << r.int(0, 7));
      envelope[key] = bytes.toString('base64');
      return { head: signed(`/endpoint/${r.pick(SEEDED_FLOWS)}`, JSON.stringify(envelope), t) };
    },
  },
  {
    name: 'endpoint: forged, missing or malformed signature',
    surface: 'endpoint',
    weight: 6,
    build: (r, t) => {
      const body = JSON.stringify(envelopeOf(t, { version: '3.0', action: 'ping' }));
      const header = r.pick([
        undefined,
        `sha256=${r.bytes(32).toString('hex')}`,
        `sha1=${r.bytes(20).toString('hex')}`,
        'sha256=',
        `sha256=${'zz'.repeat(32)}`,
        signBody(body, 'not-the-app-secret'),
        `${signBody(body, t.appSecret)}00`,
        `sha256=${r.bytes(32).toString('hex').toUpperCase()}`,
        text(r, 500).replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, 'x'),
      ]);
      return { head: post(`/endpoint/${r.pick(SEEDED_FLOWS)}`, body, header === undefined ? [] : [`X-Hub-Signature-256: ${header}`]) };
    },
  },
  {
    name: 'endpoint: signed, encrypted hostile payload (depth, sizes, shapes, unicode)',
    surface: 'endpoint',
    weight: 12,
    build: (r, t, pool) => {
      const kind = r.int(0, 13);
      const build = () => signed(`/endpoint/${r.pick(SEEDED_FLOWS)}`, JSON.stringify(envelopeOf(t, hostilePayload(r, kind))), t);
      return { head: HEAVY_PAYLOADS.has(kind) ? pool.memo(`payload ${kind}`, 8, build) : build() };
    },
  },
  {
    name: 'endpoint: replayed valid request',
    surface: 'endpoint',
    weight: 5,
    build: (r, _t, pool) => ({ head: r.pick(pool.requests) }),
  },
  {
    name: 'endpoint: huge, absent or lying Content-Length',
    surface: 'endpoint',
    weight: 3,
    build: (r) => {
      const path = `/endpoint/${r.pick(SEEDED_FLOWS)}`;
      const kind = r.int(0, 3);
      if (kind === 0) return { head: Buffer.from(`POST ${path} HTTP/1.1\r\n${HOST}\r\nContent-Length: ${r.pick(['1000000000000', '9007199254740993', '99999999999999999999'])}\r\n\r\n{}`), mayDrop: true };
      if (kind === 1) return { head: Buffer.from(`POST ${path} HTTP/1.1\r\n${HOST}\r\n\r\n`) };
      if (kind === 2) return { head: Buffer.from(`POST ${path} HTTP/1.1\r\n${HOST}\r\nContent-Length: ${r.pick(['-1', 'abc', '1, 2', '0x10', ''])}\r\n\r\n{}`), mayDrop: true };
      return { head: Buffer.from(`POST ${path} HTTP/1.1\r\n${HOST}\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x`), mayDrop: true };
    },
  },
  {
    name: 'endpoint: body over the limit (declared or chunked)',
    surface: 'endpoint',
    weight: 0.4,
    build: (r, t) => {
      const path = `/endpoint/${r.pick(SEEDED_FLOWS)}`;
      if (r.chance(0.5)) return { head: post(path, Buffer.alloc(t.bodyLimitBytes + r.int(1, 4096), 0x61)), mayDrop: true };
      const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 0x62), Buffer.from('\r\n')]);
      return {
        head: Buffer.from(`POST ${path} HTTP/1.1\r\n${HOST}\r\nTransfer-Encoding: chunked\r\n\r\n`),
        stream: { chunk, repeat: Math.ceil(t.bodyLimitBytes / 0x10000) + 4, tail: Buffer.from('0\r\n\r\n') },
        mayDrop: true,
      };
    },
  },
  {
    name: 'endpoint: chunked bodies, valid and broken framing',
    surface: 'endpoint',
    weight: 2,
    build: (r, t) => {
      const body = JSON.stringify(envelopeOf(t, { version: '3.0', action: 'ping' }));
      const framing = r.int(0, 2);
      const chunks = framing === 0 ? `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n` : framing === 1 ? `zz\r\n${body}\r\n0\r\n\r\n` : `${(body.length + 10).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      return { head: Buffer.from(`POST /endpoint/${r.pick(SEEDED_FLOWS)} HTTP/1.1\r\n${HOST}\r\nTransfer-Encoding: chunked\r\nX-Hub-Signature-256: ${signBody(body, t.appSecret)}\r\n\r\n${chunks}`), mayDrop: framing !== 0 };
    },
  },
  {
    name: 'endpoint: wrong method',
    surface: 'endpoint',
    weight: 2,
    build: (r) => {
      const method = r.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND']);
      return { head: post(`/endpoint/${r.pick([...SEEDED_FLOWS, '%', 'x'])}`, '{}', [], method), bodiless: method === 'HEAD' };
    },
  },
  {
    name: 'endpoint: partial body, held then dropped (slowloris)',
    surface: 'endpoint',
    weight: 0.5,
    max: 400,
    build: (r) => ({ head: Buffer.from(`POST /endpoint/${r.pick(SEEDED_FLOWS)} HTTP/1.1\r\n${HOST}\r\nContent-Length: ${r.int(100, 900_000)}\r\n\r\n{"encrypted_`), holdMs: r.int(50, 400), mayDrop: true }),
  },
];

// ---------------------------------------------------------------------------------------------
// The webhook route

function hostileWebhook(r: SeededRandom): string {
  const value = (v: unknown, field = 'messages') => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field, value: v }] }] });
  switch (r.int(0, 9)) {
    case 0: return JSON.stringify(jsonValue(r));
    case 1: return JSON.stringify({ object: 'whatsapp_business_account', entry: jsonValue(r) });
    case 2: return value(jsonValue(r), r.pick(['messages', 'flows', 'statuses', 'message_template_status_update', text(r, 10)]));
    case 3: return value({ messaging_product: 'whatsapp', statuses: [{ id: `wamid.${r.int(0, 1e9)}`, status: r.pick(['sent', 'delivered', 'read', 'failed', 'x']), timestamp: r.pick(['1e400', '-1', 'x', '99999999999999999999']), recipient_id: '1' }] });
    case 4: return value({ messaging_product: 'whatsapp', statuses: [{ id: `wamid.${r.int(0, 1e9)}`, status: 'delivered', recipient_id: '1' }] }).replace('"recipient_id"', '"timestamp":1e400,"recipient_id"');
    case 5: return value({ event: r.pick(['FLOW_STATUS_CHANGE', 'ENDPOINT_ERROR_RATE', 'ENDPOINT_AVAILABILITY', 'x']), flow_id: String(r.int(0, 1e9)), old_status: 'PUBLISHED', new_status: r.pick(['BLOCKED', 'THROTTLED', 'DEPRECATED', '', 'x']), message: text(r, 200) }, 'flows');
    case 6: {
      const reply = JSON.parse(FLOW_REPLY_WEBHOOK) as { entry: [{ changes: [{ value: { messages: [{ id: string; interactive: { nfm_reply: { response_json: string } } }] } }] }] };
      const message = reply.entry[0].changes[0].value.messages[0];
      message.id = `wamid.hostile.${r.int(0, 1e9)}`;
      message.interactive.nfm_reply.response_json = r.pick([nested(r, r.int(100, 20_000)), '{', 'null', text(r, 2000), `{"flow_token":"${'t'.repeat(r.int(1, 100_000))}"}`]);
      return JSON.stringify(reply);
    }
    case 7: return value({ messaging_product: 'whatsapp', messages: [{ from: text(r, 30), id: text(r, 40), timestamp: text(r, 10), type: text(r, 10), text: { body: text(r, 500) } }] });
    case 8: return FLOW_REPLY_WEBHOOK.replace('wamid.wegrchytvwcggt==', `wamid.replay.${r.int(0, 20)}`);
    default: return value({ messaging_product: 'whatsapp', contacts: jsonValue(r), messages: jsonValue(r), statuses: jsonValue(r) });
  }
}

const WEBHOOK: readonly Category[] = [
  {
    name: 'webhook: forged, missing or malformed signature',
    surface: 'webhook',
    weight: 5,
    build: (r, t) => {
      const body = r.chance(0.5) ? FLOW_REPLY_WEBHOOK : hostileWebhook(r);
      const header = r.pick([undefined, `sha256=${r.bytes(32).toString('hex')}`, 'sha256=', signBody(body, 'forged'), `sha1=${r.bytes(20).toString('hex')}`, signBody(`${body} `, t.appSecret)]);
      return { head: post('/webhooks/whatsapp', body, header === undefined ? [] : [`X-Hub-Signature-256: ${header}`]) };
    },
  },
  {
    name: 'webhook: signed, wrong shapes and values',
    surface: 'webhook',
    weight: 6,
    build: (r, t) => ({ head: signed('/webhooks/whatsapp', hostileWebhook(r), t) }),
  },
  {
    name: 'webhook: signed, deeply nested or huge JSON',
    surface: 'webhook',
    weight: 1.5,
    build: (r, t, pool) => {
      const deep = r.chance(0.7);
      const build = () => signed('/webhooks/whatsapp', deep ? nested(r, r.int(1000, 200_000)) : JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { blob: 'x'.repeat(r.int(100_000, 1_500_000)) } }] }] }), t);
      return { head: pool.memo(deep ? 'deep webhook' : 'huge webhook', 8, build) };
    },
  },
  {
    name: 'webhook: signed body over the limit (3.5 MiB)',
    surface: 'webhook',
    weight: 0.1,
    max: 10,
    build: (_r, t, pool) => ({ head: pool.memo('webhook over the limit', 1, () => signed('/webhooks/whatsapp', JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { blob: 'x'.repeat(3_500_000) } }] }] }), t)), mayDrop: true }),
  },
  {
    name: 'webhook: verification handshake with wrong tokens, wrong methods',
    surface: 'webhook',
    weight: 2,
    build: (r, t) => {
      if (r.chance(0.3)) return { head: post('/webhooks/whatsapp', '{}', [], r.pick(['PUT', 'DELETE', 'PATCH'])) };
      const token = r.pick([`${t.verifyToken}x`, '', t.verifyToken.slice(0, -1), encodeURIComponent(text(r, 40).replace(/[\ud800-\udfff]/g, 'x'))]);
      const challenge = r.chance(0.2) ? 'c'.repeat(r.int(1, 8000)) : String(r.int(0, 1e9));
      return { head: Buffer.from(`GET /webhooks/whatsapp?hub.mode=${r.pick(['subscribe', 'x', ''])}&hub.verify_token=${token}&hub.challenge=${challenge} HTTP/1.1\r\n${HOST}\r\n\r\n`) };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The admin API

/** Loopback address of the client that presents wrong tokens (Linux routes all of 127/8 to lo). */
const WRONG_TOKEN_ADDRESS = '127.0.0.2';

const ADMIN_READS = ['/me', '/flows', '/flows/{id}', '/flows/{id}/versions', '/flows/{id}/routing', '/flows/{id}/metrics', '/flows/{id}/contract', '/flows/{id}/export', '/deliveries', '/deliveries/{id}', '/submissions', '/submissions/{id}', '/contacts', '/contacts/{id}', '/inbox', '/inbox/{id}', '/traces', '/events', '/audit', '/tokens', '/sends', '/templates'];
const ADMIN_WRITES = ['/flows', '/flows/{id}/versions', '/flows/{id}/routing/test', '/contacts', '/validate', '/inbox/{id}/assign', '/inbox/{id}/resolve', '/flows/{id}/status', '/deliveries/{id}/retry'];

function adminPath(r: SeededRandom, template: string): string {
  // Hostile ids only: never a seeded Flow's id, so nothing the final check needs is touched.
  const id = r.pick(['%', '%zz', 'x'.repeat(r.int(1, 3000)), encodeURIComponent(text(r, 40).replace(/[\ud800-\udfff]/g, 'x')) || 'x', '..%2F..%2Fetc', '-1', '0']);
  const query = r.chance(0.3) ? `?limit=${r.pick(['-1', '1e9', 'x', '%', '999999999999'])}&cursor=${r.pick(['%', 'x'.repeat(500), '../', ''])}` : '';
  return `/api/v1${template.replace('{id}', id)}${query}`;
}

const ADMIN: readonly Category[] = [
  {
    name: 'admin: no, wrong or malformed token',
    surface: 'admin',
    weight: 8,
    build: (r, t) => {
      const auth = r.pick([undefined, 'Authorization: Bearer wrong-token', `Authorization: Bearer ${t.adminToken}x`, 'Authorization: Basic YWRtaW46YWRtaW4=', 'Authorization: Bearer', `Authorization: Bearer ${'a'.repeat(r.int(100, 6000))}`, `Authorization: bearer ${t.adminToken.slice(1)}`]);
      const write = r.chance(0.4);
      const path = adminPath(r, r.pick(write ? ADMIN_WRITES : ADMIN_READS));
      // From an address of its own: past 20 failures a minute the API answers that address 429 for every
      // request, and the other admin categories (valid token, hostile bodies) must still reach the routes.
      return { head: post(path, write ? JSON.stringify(jsonValue(r)) : '', auth === undefined ? [] : [auth], write ? 'POST' : 'GET'), from: WRONG_TOKEN_ADDRESS };
    },
  },
  {
    name: 'admin: valid token, bad JSON, deep nesting, wrong shapes',
    surface: 'admin',
    weight: 5,
    build: (r, t, pool) => {
      const kind = r.int(0, 4);
      const build = () => {
        const body = kind === 0 ? text(r, 300) : kind === 1 ? '{' : kind === 2 ? nested(r, r.int(100, 100_000)) : kind === 3 ? JSON.stringify(jsonValue(r)) : JSON.stringify({ flowId: text(r, 50), json: jsonValue(r) });
        return post(adminPath(r, r.pick(ADMIN_WRITES)), body, [bearer(t)], r.pick(['POST', 'PUT', 'PATCH']));
      };
      return { head: kind === 2 ? pool.memo('deep admin body', 8, build) : build() };
    },
  },
  {
    name: 'admin: valid token, hostile ids and queries on reads',
    surface: 'admin',
    weight: 4,
    build: (r, t) => {
      const method = r.pick(['GET', 'GET', 'DELETE', 'HEAD']);
      return { head: post(adminPath(r, r.pick(ADMIN_READS)), '', [bearer(t)], method), bodiless: method === 'HEAD' };
    },
  },
  {
    name: 'admin: declared oversized or lying Content-Length',
    surface: 'admin',
    weight: 1,
    build: (r, t) => ({ head: Buffer.from(`POST ${adminPath(r, r.pick(ADMIN_WRITES))} HTTP/1.1\r\n${HOST}\r\n${bearer(t)}\r\nContent-Type: application/json\r\nContent-Length: ${r.pick(['1000000000000', '104857600', '5000000'])}\r\n\r\n{"a":1}`), holdMs: 300, mayDrop: true }),
  },
  {
    name: 'admin: oversized chunked body (256 MiB streamed)',
    surface: 'admin',
    weight: 0.05,
    max: 3,
    build: (r, t) => {
      const chunk = Buffer.concat([Buffer.from('100000\r\n'), Buffer.alloc(0x100000, 0x20), Buffer.from('\r\n')]);
      return {
        head: Buffer.from(`POST ${r.pick(['/api/v1/flows', '/api/v1/validate', '/api/v1/contacts'])} HTTP/1.1\r\n${HOST}\r\n${bearer(t)}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`),
        stream: { chunk, repeat: 256, tail: Buffer.from('1\r\n1\r\n0\r\n\r\n') },
        mayDrop: true,
      };
    },
  },
  {
    name: 'admin: chunked bodies with broken framing',
    surface: 'admin',
    weight: 1,
    build: (r, t) => ({ head: Buffer.from(`POST ${adminPath(r, r.pick(ADMIN_WRITES))} HTTP/1.1\r\n${HOST}\r\n${bearer(t)}\r\nTransfer-Encoding: chunked\r\n\r\n${r.pick(['zz\r\n{}\r\n0\r\n\r\n', '5\r\n{}\r\n0\r\n\r\n', 'fffffffffffffff\r\n{}\r\n0\r\n\r\n'])}`), mayDrop: true }),
  },
];

// ---------------------------------------------------------------------------------------------
// Plain HTTP abuse on any route

const HTTP: readonly Category[] = [
  {
    name: 'http: malformed request lines and headers',
    surface: 'http',
    weight: 2,
    build: (r) => {
      const path = r.pick(['/endpoint/lead-qualification', '/webhooks/whatsapp', '/api/v1/flows', '/healthz', '/']);
      const raw = r.pick([
        `GARBAGE\r\n\r\n`,
        `POST ${path} HTTP/9.9\r\n${HOST}\r\n\r\n`,
        `POST ${path}\r\n\r\n`,
        `POST ${path} HTTP/1.1\r\n${HOST}\r\nX-Bad\u0000Header: 1\r\nContent-Length: 2\r\n\r\n{}`,
        `POST ${path} HTTP/1.1\r\n${HOST}\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`,
        `POST ${path} HTTP/1.1\r\n${HOST}\r\nX-Long: ${'a'.repeat(20_000)}\r\nContent-Length: 2\r\n\r\n{}`,
        `GET /${'a'.repeat(r.int(17_000, 40_000))} HTTP/1.1\r\n${HOST}\r\n\r\n`,
        `POST ${path} HTTP/1.1\r\n${HOST}\r\n${Array.from({ length: 300 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}Content-Length: 2\r\n\r\n{}`,
      ]);
      return { head: Buffer.from(raw, 'latin1'), mayDrop: true };
    },
  },
];

const CATEGORIES: readonly Category[] = [...ENDPOINT, ...WEBHOOK, ...ADMIN, ...HTTP];
