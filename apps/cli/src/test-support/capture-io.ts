import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../cli-io.js';

/** A CliIo whose output is captured in strings, for running `main` in-process. */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

/** Options for a captured IO: working directory, environment, stdin text and a fake fetch. */
export interface CaptureOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
  readonly stdin?: string;
  readonly fetch?: typeof fetch;
  readonly now?: Date;
  /** Resolves when a long-running command should stop (default: never). */
  readonly untilShutdown?: () => Promise<void>;
}

/** Creates an IO with captured stdout/stderr (not a TTY), a fixed clock, and stdin from a string. */
export function captureIo(options: CaptureOptions = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    now: () => options.now ?? new Date('2026-06-01T00:00:00Z'),
    fetch: options.fetch ?? globalThis.fetch,
    untilShutdown: options.untilShutdown ?? (() => new Promise<void>(() => undefined)),
    out: () => out,
    err: () => err,
  };
}

/** A fresh temporary directory for a test. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowline-cli-'));
}

/** The shared test corpus (read-only). */
export function corpusDir(): string {
  return join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');
}
