import type { Readable } from 'node:stream';

/** A place the CLI writes text to; `isTTY` decides whether colours are used. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** Everything a command touches of the outside world, passed in so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: Readable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths on the command line are resolved against. */
  readonly cwd: string;
  readonly now: () => Date;
  readonly fetch: typeof fetch;
  /** Resolves when a long-running command (`serve`) should stop: SIGINT/SIGTERM for the real process. */
  readonly untilShutdown: () => Promise<void>;
}

/** What a write to an output whose reader has gone fails with. */
const CLOSED_OUTPUT_CODES: ReadonlySet<unknown> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/** Streams already guarded, so that calling `processIo()` again adds no second listener. */
const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * Makes a closed output harmless (`flowline schema | head -c 200`): when the reader goes away, a write
 * fails with EPIPE, which Node reports as an unhandled 'error' event — a stack trace and exit 1. The one
 * listener here drops that error and whatever is written afterwards, so the command finishes quietly with
 * its own exit code (a long-running `serve` keeps serving, without its log). Other errors still surface.
 */
export function ignoreClosedOutput(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!CLOSED_OUTPUT_CODES.has(error.code)) throw error;
  });
}

/** The real process: its streams, environment, working directory, clock and `fetch`. */
export function processIo(): CliIo {
  ignoreClosedOutput(process.stdout);
  ignoreClosedOutput(process.stderr);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    fetch: globalThis.fetch,
    untilShutdown: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}

/** Whether colour escapes should be written to a stream (a TTY, and `NO_COLOR` not set). */
export function useColour(stream: OutputStream, env: CliIo['env']): boolean {
  const noColour = env['NO_COLOR'];
  if (noColour !== undefined && noColour !== '') return false;
  return stream.isTTY === true;
}
