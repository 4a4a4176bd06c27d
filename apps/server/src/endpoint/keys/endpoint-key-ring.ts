import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_PAIR_FILES, loadPrivateKey } from '@flowline/protocol';
import type { Logger } from '../../logging/logger.js';

/**
 * Files of a key rotation beside `private.pem` and `public.pem` in the key folder (docs/whatsapp.md,
 * "Rotating the endpoint key"). Every private key file is encrypted with the key passphrase like `private.pem`.
 */
export const ROTATION_FILES = {
  /** The new pair while Meta is being told about it: already used to decrypt, not yet the current key. */
  stagedPrivate: 'next-private.pem',
  stagedPublic: 'next-public.pem',
  /** Held while one rotation runs (any process of the deployment). */
  lock: 'rotation.lock',
} as const;

/** `previous-<retireAtMs>-<fingerprint>.pem`: a replaced private key, used to decrypt until retireAt. */
const PREVIOUS_FILE = /^previous-(\d{1,15})-([0-9a-f]{16})\.pem$/;

/** The name of a previous key's file. */
export function previousKeyFile(retireAt: number, fingerprint: string): string {
  return `previous-${retireAt}-${fingerprint}.pem`;
}

/** A short, stable name of a key pair: the first 16 hex digits of the SHA-256 of its public key (SPKI DER). */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** A private key of the ring with its name. */
export interface RingKey {
  readonly privateKey: KeyObject;
  readonly fingerprint: string;
}

/** The keys in force: the current pair, a staged one during a rotation, and the previous ones in their grace period. */
export interface KeyRingState {
  readonly current: RingKey & { readonly publicKeyPem: string };
  readonly staged: RingKey | undefined;
  /** Newest first. */
  readonly previous: readonly (RingKey & { readonly retireAt: number })[];
}

/** What the API shows of the ring: names and times, never key material. */
export interface KeyRingView {
  readonly current: { readonly fingerprint: string; readonly publicKeyPem: string };
  /** A rotation is under way (or was interrupted: its key decrypts until the next rotation clears it). */
  readonly staged: { readonly fingerprint: string } | null;
  readonly previous: readonly { readonly fingerprint: string; readonly retiresAt: string }[];
  readonly graceHours: number;
}

/** The private keys to decrypt with, in the order to try them: current, staged, previous newest first. */
export function decryptionKeys(state: KeyRingState): KeyObject[] {
  return [state.current.privateKey, ...(state.staged === undefined ? [] : [state.staged.privateKey]), ...state.previous.map((p) => p.privateKey)];
}

/** The endpoint key ring of one server process, reread when the key folder changes. */
export interface EndpointKeyRing {
  /** The keys in force now. */
  state(): KeyRingState;
  /** The current public key (PEM): what Meta has, what the sandbox and preview encrypt with. */
  publicKeyPem(): string;
  view(graceHours: number): KeyRingView;
  /** Rereads the folder now when it changed or a previous key's grace period ended; true when the keys in force changed. */
  refresh(): boolean;
  /** Called after every change of the keys in force (the decryptor takes the new set). */
  onChange(listener: (state: KeyRingState) => void): void;
  readonly keysDir: string;
  close(): void;
}

/** Options of createEndpointKeyRing. */
export interface EndpointKeyRingOptions {
  readonly keysDir: string;
  readonly passphrase: string;
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly log: Logger;
  /** How often the folder is checked for a rotation made by another process (default 1,000 ms; 0 = only on refresh()). */
  readonly pollMs?: number;
  /** The current private key as the server loaded it at start: spares a second key derivation when it is still `private.pem`'s. */
  readonly preloaded?: KeyObject;
}

/**
 * Reads the key folder into a ring and keeps it current: every `pollMs` the folder's listing (names,
 * sizes, modification times) is compared, and only a change (or the end of a grace period) rereads the
 * keys. Decrypted keys are kept by file content, so a rename costs no key derivation. Previous keys whose
 * grace period has ended are dropped, and their files deleted.
 */
export function createEndpointKeyRing(options: EndpointKeyRingOptions): EndpointKeyRing {
  const { keysDir, passphrase, log } = options;
  const byContent = new Map<string, KeyObject>();
  const listeners: ((state: KeyRingState) => void)[] = [];
  const open = (file: string): KeyObject => {
    const pem = readFileSync(join(keysDir, file), 'utf8');
    const digest = createHash('sha256').update(pem).digest('hex');
    const known = byContent.get(digest);
    if (known !== undefined) return known;
    const key = loadPrivateKey(pem, passphrase);
    byContent.set(digest, key);
    return key;
  };
  if (options.preloaded !== undefined) {
    // Taken only when public.pem names the same key: the file may have changed since it was loaded.
    try {
      const pem = readFileSync(join(keysDir, KEY_PAIR_FILES.privateKey), 'utf8');
      const publicPem = readFileSync(join(keysDir, KEY_PAIR_FILES.publicKey), 'utf8');
      if (keyFingerprint(createPublicKey(publicPem)) === keyFingerprint(options.preloaded)) byContent.set(createHash('sha256').update(pem).digest('hex'), options.preloaded);
    } catch {
      // Read below like any other key.
    }
  }
  const listing = (): string => {
    const names = readdirSync(keysDir).filter((n) => n === KEY_PAIR_FILES.privateKey || n === ROTATION_FILES.stagedPrivate || PREVIOUS_FILE.test(n)).sort();
    return names.map((n) => {
      try {
        const s = statSync(join(keysDir, n));
        return `${n}:${s.size}:${s.mtimeMs}`;
      } catch {
        return `${n}:gone`;
      }
    }).join('|');
  };
  const read = (): KeyRingState => {
    const now = options.now();
    const privateKey = open(KEY_PAIR_FILES.privateKey);
    const current = { privateKey, fingerprint: keyFingerprint(privateKey), publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
    let staged: RingKey | undefined;
    try {
      const key = open(ROTATION_FILES.stagedPrivate);
      staged = { privateKey: key, fingerprint: keyFingerprint(key) };
    } catch {
      staged = undefined;
    }
    const previous: (RingKey & { retireAt: number })[] = [];
    for (const name of readdirSync(keysDir)) {
      const match = PREVIOUS_FILE.exec(name);
      if (match === null) continue;
      const retireAt = Number(match[1]);
      if (retireAt <= now) {
        try {
          unlinkSync(join(keysDir, name));
          log('info', 'keys.previous_retired', { fingerprint: match[2], retiredAt: new Date(retireAt).toISOString() });
        } catch {
          // Another process of the deployment deleted it first.
        }
        continue;
      }
      try {
        const key = open(name);
        if (keyFingerprint(key) !== current.fingerprint) previous.push({ privateKey: key, fingerprint: keyFingerprint(key), retireAt });
      } catch (error) {
        log('error', 'keys.previous_unreadable', { file: name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    previous.sort((a, b) => b.retireAt - a.retireAt);
    return { current, staged: staged?.fingerprint === current.fingerprint ? undefined : staged, previous };
  };

  let seen = listing();
  let state = read();
  const signature = (s: KeyRingState) => decryptionKeys(s).map((k) => keyFingerprint(k)).join(',');
  const refresh = (): boolean => {
    const now = options.now();
    const next = listing();
    const expired = state.previous.some((p) => p.retireAt <= now);
    if (next === seen && !expired) return false;
    let fresh: KeyRingState;
    try {
      fresh = read();
    } catch (error) {
      // A rotation in another process renames files under us: keep the keys in force and look again at the next poll.
      log('warn', 'keys.reload_deferred', { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
    seen = listing();
    const changed = signature(fresh) !== signature(state);
    state = fresh;
    if (changed) {
      log('info', 'keys.reloaded', { current: state.current.fingerprint, staged: state.staged?.fingerprint ?? null, previous: state.previous.map((p) => p.fingerprint) });
      for (const listener of listeners) listener(state);
    }
    return changed;
  };
  const pollMs = options.pollMs ?? 1000;
  const timer = pollMs > 0 ? setInterval(refresh, pollMs) : undefined;
  timer?.unref();
  return {
    keysDir,
    state: () => state,
    publicKeyPem: () => state.current.publicKeyPem,
    view: (graceHours) => ({
      current: { fingerprint: state.current.fingerprint, publicKeyPem: state.current.publicKeyPem },
      staged: state.staged === undefined ? null : { fingerprint: state.staged.fingerprint },
      previous: state.previous.map((p) => ({ fingerprint: p.fingerprint, retiresAt: new Date(p.retireAt).toISOString() })),
      graceHours,
    }),
    refresh,
    onChange: (listener) => {
      listeners.push(listener);
    },
    close: () => {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
