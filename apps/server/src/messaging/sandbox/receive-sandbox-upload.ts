import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { mediaPickerLimits } from '@flowline/core';
import type { Storage } from '@flowline/storage';
import type { MediaStore } from '@flowline/worker';
import type { Logger } from '../../logging/logger.js';
import type { SandboxService } from './sandbox-service.js';

/** How long an upload waits for the answer that refers to it, and how much a workspace's waiting uploads may hold. */
export interface SandboxUploadLimits {
  readonly ttlMs: number;
  readonly maxFiles: number;
  readonly maxBytes: number;
}

/** 24 hours (a customer service window), 100 files, 256 MiB per workspace (docs/media.md, "Sandbox files"). */
export const SANDBOX_UPLOAD_LIMITS: SandboxUploadLimits = { ttlMs: 24 * 3_600_000, maxFiles: 100, maxBytes: 256 * 1024 * 1024 };

/** What receiving a file needs. */
export interface SandboxUploadDeps {
  readonly storage: Storage;
  readonly mediaStore: MediaStore;
  readonly sandbox: SandboxService;
  readonly now: () => Date;
  readonly log?: Logger;
  readonly limits?: SandboxUploadLimits;
}

/** One file the sandbox phone sends for a picker of its current screen. */
export interface SandboxUploadRequest {
  readonly workspaceId: string;
  readonly sessionId: string;
  /** The PhotoPicker/DocumentPicker `name`. */
  readonly picker: string;
  readonly fileName: string;
  readonly contentType: string | undefined;
  readonly contentLength: number | undefined;
  readonly body: ReadableStream<Uint8Array> | null;
}

/** The reference the answer carries: WhatsApp's `media_id` and `file_name`, with the type and the SHA-256 (hex) of the bytes. */
export interface SandboxMediaReference {
  readonly media_id: string;
  readonly file_name: string;
  readonly mime_type: string;
  readonly sha256: string;
}

/** Why a file was refused, with the HTTP status the API answers. */
export type SandboxUploadProblem = { readonly status: 400 | 404 | 409 | 413 | 415 | 422; readonly code: string; readonly message: string };

/** The stored file's reference, or why it was refused (nothing is kept then). */
export type SandboxUploadResult = { readonly ok: true; readonly reference: SandboxMediaReference; readonly size: number } | { readonly ok: false; readonly problem: SandboxUploadProblem };

/** The first bytes of the image types served inline: a file that claims one must be one. */
const SIGNATURES: Readonly<Record<string, (head: Buffer) => boolean>> = {
  'image/jpeg': (h) => h.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  'image/png': (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (h) => /^GIF8[79]a/.test(h.subarray(0, 6).toString('latin1')),
  'image/webp': (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP',
};

class TooLarge extends Error {}

const refuse = (status: SandboxUploadProblem['status'], code: string, message: string): SandboxUploadResult => ({ ok: false, problem: { status, code, message } });

/**
 * Receives a file the sandbox phone's customer chose in a PhotoPicker or DocumentPicker of the session's
 * current screen: checked against the picker (type, `max-file-size-kb`) while it streams to a scratch
 * file, kept in the media store, and recorded as an upload of the session's contact (status `uploaded`)
 * that the answer's submission will attach. Uploads no answer referred to within `ttlMs` are deleted
 * (swept here, before each upload), and a workspace's waiting uploads are capped, so they cannot grow
 * without bound. Only sandbox sessions have files: the editor's preview never uploads anything.
 */
export async function receiveSandboxUpload(deps: SandboxUploadDeps, request: SandboxUploadRequest): Promise<SandboxUploadResult> {
  const { storage, mediaStore } = deps;
  const limits = deps.limits ?? SANDBOX_UPLOAD_LIMITS;
  const ws = request.workspaceId;
  const session = await storage.sandbox.findSession(ws, request.sessionId);
  if (session === undefined) return refuse(404, 'NOT_FOUND', `no sandbox session ${request.sessionId}`);
  const view = await deps.sandbox.renderSession(ws, request.sessionId);
  if (!view.ok) return refuse(404, 'NOT_FOUND', view.problem.message);
  const screen = view.value.screen;
  if (screen === undefined) return refuse(409, 'SESSION_ENDED', 'the Flow of this session has ended: no file can be added to it');
  const picker = screen.components.find((c) => c.name === request.picker && (c.type === 'PhotoPicker' || c.type === 'DocumentPicker'));
  const pickerLimits = picker === undefined ? undefined : mediaPickerLimits(picker);
  if (picker === undefined || pickerLimits === undefined) return refuse(422, 'NOT_A_MEDIA_PICKER', `screen ${screen.id} has no PhotoPicker or DocumentPicker named ${JSON.stringify(request.picker)}`);
  if (!picker.visible || !picker.enabled) return refuse(422, 'MEDIA_PICKER_DISABLED', `the ${picker.type} ${request.picker} is ${picker.visible ? 'disabled' : 'hidden'} on screen ${screen.id}`);

  const mimeType = request.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!pickerLimits.mimeTypes.includes(mimeType)) {
    const what = picker.type === 'PhotoPicker' ? 'a photo (an image type WhatsApp supports)' : `one of ${pickerLimits.mimeTypes.join(', ')}`;
    return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', `the ${picker.type} ${request.picker} takes ${what}, not ${mimeType === '' ? 'a body without Content-Type' : mimeType}`);
  }
  const tooLarge = (): SandboxUploadResult => refuse(413, 'FILE_TOO_LARGE', `the ${picker.type} ${request.picker} takes files up to ${pickerLimits.maxBytes / 1024} KiB (max-file-size-kb)`);
  if (request.contentLength !== undefined && request.contentLength > pickerLimits.maxBytes) return tooLarge();
  if (request.body === null || request.contentLength === 0) return refuse(400, 'EMPTY_FILE', 'the body holds no file');

  const now = deps.now();
  await sweepExpired(deps, ws, now, limits);
  const usage = await storage.media.uploadUsage(ws);
  const full = (bytes: number): SandboxUploadResult | undefined => (usage.count >= limits.maxFiles || usage.bytes + bytes > limits.maxBytes
    ? refuse(409, 'SANDBOX_UPLOADS_FULL', `the sandbox of this workspace holds ${usage.count} files (${usage.bytes} bytes) not yet sent in an answer, its most (${limits.maxFiles} files, ${limits.maxBytes} bytes); they are deleted ${limits.ttlMs / 3_600_000} hours after their upload`)
    : undefined);
  const refusedEarly = full(request.contentLength ?? 0);
  if (refusedEarly !== undefined) return refusedEarly;

  await mkdir(mediaStore.scratchDir, { recursive: true, mode: 0o700 });
  const scratch = join(mediaStore.scratchDir, `sandbox-${randomBytes(12).toString('hex')}`);
  let kept = false;
  try {
    const hash = createHash('sha256');
    let size = 0;
    const head: Buffer[] = [];
    let headBytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > pickerLimits.maxBytes) return done(new TooLarge());
        hash.update(chunk);
        if (headBytes < 16) {
          head.push(chunk.subarray(0, 16 - headBytes));
          headBytes += Math.min(chunk.length, 16 - headBytes);
        }
        done(null, chunk);
      },
    });
    try {
      // Boundary: the request body is a web stream of bytes; Node's typings name two ReadableStream types.
      await pipeline(Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>), counter, createWriteStream(scratch, { mode: 0o600 }));
    } catch (error) {
      if (error instanceof TooLarge) return tooLarge();
      throw error;
    }
    if (size === 0) return refuse(400, 'EMPTY_FILE', 'the body holds no file');
    const signature = SIGNATURES[mimeType];
    if (signature !== undefined && !signature(Buffer.concat(head))) return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', `the file is not the ${mimeType} it says it is`);
    const refusedLate = full(size);
    if (refusedLate !== undefined) return refusedLate;

    const contact = await storage.contacts.find(ws, session.contactId);
    if (contact === undefined) return refuse(404, 'NOT_FOUND', 'the contact of this sandbox session no longer exists');
    const sha256 = hash.digest('hex');
    const mediaId = `sandbox.${randomBytes(16).toString('base64url')}`;
    const storageKey = `${ws}/${mediaId}`;
    await mediaStore.put(storageKey, scratch, { size, sha256, contentType: mimeType });
    kept = true;
    const fileName = toFileName(request.fileName);
    try {
      await storage.media.recordUpload(ws, { mediaId, contactPhone: contact.phone, field: request.picker, fileName, mimeType, size, sha256, storageKey, at: now });
    } catch (error) {
      // No row would ever name this file for a sweep or an erasure: remove it.
      await mediaStore.delete(storageKey).catch(() => undefined);
      throw error;
    }
    return { ok: true, reference: { media_id: mediaId, file_name: fileName, mime_type: mimeType, sha256 }, size };
  } finally {
    if (!kept) await rm(scratch, { force: true });
  }
}

/** Deletes the workspace's uploads older than the limit: marked first (no answer can attach them then), files next, rows last. */
async function sweepExpired(deps: SandboxUploadDeps, ws: string, now: Date, limits: SandboxUploadLimits): Promise<void> {
  const keys = await deps.storage.media.expireUploads(ws, { before: now.getTime() - limits.ttlMs, at: now, limit: 100 });
  const deleted: string[] = [];
  for (const key of keys) {
    try {
      await deps.mediaStore.delete(key);
      deleted.push(key);
    } catch (error) {
      // Kept `expired`: the next sweep tries again.
      deps.log?.('warn', 'sandbox.upload_delete_failed', { error: error instanceof Error ? error.message : 'unknown' });
    }
  }
  await deps.storage.media.forgetExpired(ws, deleted);
}

/** The name as the customer's phone gives it: no folders, no control characters, at most 255 characters. */
function toFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean === '' ? 'file' : clean;
}
