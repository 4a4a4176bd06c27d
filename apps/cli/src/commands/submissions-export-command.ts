import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { AUTH_NOTE, SERVER_FLAG, adminTarget, apiCommand, fail } from './admin-api.js';
import { EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

// `flowline submissions export`: the export route (`GET /flows/{id}/submissions/export`) to a file or
// stdout. The server streams any number of rows; this side streams them on, so memory stays flat here
// too. A file is written as `<file>.part` and renamed when the last byte arrived: an interrupted export
// never leaves a file that looks whole.

/** Writes one chunk, waiting for the file to drain when its buffer is full. */
async function writeChunk(stream: WriteStream, chunk: Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** Copies the response body to `file` (via `.part`) or to stdout; returns the bytes copied or a message. */
async function copyBody(io: CliIo, body: ReadableStream<Uint8Array>, file: string | undefined): Promise<{ ok: true; bytes: number } | { ok: false; message: string }> {
  const part = file === undefined ? undefined : `${file}.part`;
  const out = part === undefined ? undefined : createWriteStream(part, { mode: 0o600 });
  const decoder = new TextDecoder();
  let bytes = 0;
  try {
    for await (const chunk of body) {
      bytes += chunk.byteLength;
      if (out === undefined) io.stdout.write(decoder.decode(chunk, { stream: true }));
      else await writeChunk(out, chunk);
    }
    if (out === undefined) io.stdout.write(decoder.decode());
    else {
      await closeStream(out);
      renameSync(part as string, file as string);
    }
    return { ok: true, bytes };
  } catch (error) {
    if (out !== undefined) {
      out.destroy();
      rmSync(part as string, { force: true });
    }
    return { ok: false, message: `the download broke off after ${bytes} bytes (${error instanceof Error ? error.message : String(error)}); nothing was kept` };
  }
}

/** `flowline submissions export <flowId>`: a Flow's submissions as CSV or JSON Lines. */
export const submissionsExportCommand: Command = apiCommand({
  name: 'submissions export',
  summary: 'Download a Flow\'s submissions as CSV or JSON Lines (streamed, any size).',
  usage: 'flowline submissions export <flowId> [--format csv|jsonl] [--since <instant>] [--until <instant>] [--status valid|invalid] [--output <file>] [--server <url>]',
  details: [
    'Rows come oldest first. CSV has one column per answer-contract field of every version of the Flow, then',
    'other_answers; JSON Lines has one submission per line with the answers as they arrived.',
    'Without --output the rows go to stdout; with it they go to <file>.part, renamed to <file> once complete.',
    'Instants are ISO 8601, e.g. 2026-12-01T00:00:00Z.',
    AUTH_NOTE, '',
    'Exit codes: 0 exported, 1 the server refused or the download broke off (the reason is printed), 2 usage error.',
  ].join('\n'),
  args: {
    flags: {
      server: SERVER_FLAG,
      format: { type: 'string', choices: ['csv', 'jsonl'], placeholder: '<csv|jsonl>', description: 'File format (default csv)' },
      since: { type: 'string', placeholder: '<instant>', description: 'Only submissions received at or after this instant' },
      until: { type: 'string', placeholder: '<instant>', description: 'Only submissions received before this instant' },
      status: { type: 'string', choices: ['valid', 'invalid'], placeholder: '<valid|invalid>', description: 'Only answers that met (valid) or broke (invalid) the answer contract' },
      output: { type: 'string', placeholder: '<file>', description: 'Write to this file instead of stdout' },
    },
    minPositionals: 1,
    maxPositionals: 1,
  },
}, async (args, io, self) => {
  const flowId = args.positionals[0] ?? '';
  const query = new URLSearchParams();
  for (const name of ['format', 'since', 'until', 'status'] as const) {
    const value = args.flags[name];
    if (typeof value === 'string') query.set(name, value);
  }
  for (const name of ['since', 'until'] as const) {
    const value = args.flags[name];
    if (typeof value === 'string' && Number.isNaN(Date.parse(value))) return reportUsageError(io, self, `--${name} must be an ISO 8601 instant, e.g. 2026-12-01T00:00:00Z`);
  }
  const output = typeof args.flags['output'] === 'string' ? resolve(io.cwd, args.flags['output']) : undefined;
  const { server, token } = adminTarget(io, args);
  const url = `${server}/api/v1/flows/${encodeURIComponent(flowId)}/submissions/export${query.size === 0 ? '' : `?${query}`}`;
  let response: Response;
  try {
    response = await io.fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    return fail(io, self, `cannot reach ${server} (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok || response.body === null) {
    const text = await response.text();
    let message = `HTTP ${response.status}`;
    try {
      const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
      if (error?.message !== undefined) message = `${error.message}${error.code === undefined ? '' : ` [${error.code}]`}`;
    } catch {
      // A body that is not the API's error envelope: the status says enough.
    }
    return fail(io, self, message);
  }
  const copied = await copyBody(io, response.body, output);
  if (!copied.ok) return fail(io, self, copied.message);
  if (output !== undefined) io.stderr.write(`Wrote ${copied.bytes} bytes to ${output}.\n`);
  return EXIT_OK;
});
