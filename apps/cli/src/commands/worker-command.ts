import { resolve } from 'node:path';
import type { Logger } from '@flowline/server';
import { stringFlag } from '../args/parse-args.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

/** `flowline worker`: runs the outbox delivery worker on its own (with FLOWLINE_WORKER=off on the servers). */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'Deliver routed actions (webhooks, Slack, tickets, …) from the outbox, separately from the server.',
  usage: 'flowline worker [--data-dir <dir>]',
  details: [
    'Uses the same storage as the server: DATABASE_URL (PostgreSQL) or FLOWLINE_DATA_DIR (SQLite, default ./data).',
    'FLOWLINE_ALLOW_PRIVATE_HTTP=loopback|all|<allow-list> lets connectors reach private addresses (default: refused).',
    'Connector secrets are stored sealed: the worker opens them with FLOWLINE_KEY_PASSPHRASE (or the data',
    'folder\'s key-passphrase file), the same passphrase as the server\'s.',
    'It also fetches the files of PhotoPicker/DocumentPicker answers into FLOWLINE_DATA_DIR/media or the',
    'FLOWLINE_MEDIA_S3_* bucket (docs/media.md): with files on disk, run it on the servers\' data folder.',
    'Start the servers with FLOWLINE_WORKER=off to keep delivery in this process only. Stops on Ctrl-C or SIGTERM',
    'after in-flight deliveries are recorded.',
    '',
    'Exit codes: 0 stopped cleanly, 1 could not open storage, 2 invalid configuration.',
  ].join('\n'),
  args: {
    flags: { 'data-dir': { type: 'string', placeholder: '<dir>', description: 'Data folder (overrides FLOWLINE_DATA_DIR)' } },
    maxPositionals: 0,
  },
  async run(args, io) {
    // Loaded here, not at the top, as `serve` does: other commands start faster without the server and the worker.
    const [{ createSecretBox }, { MEDIA_FETCH_KIND }, { createConfiguredCloudMediaResolver, findKeyPassphrase, openConfiguredStorage, openMediaStore, parseServerConfig }, { createMediaFetchJob, startDeliveryWorker }] = await Promise.all([
      import('@flowline/protocol'), import('@flowline/core'), import('@flowline/server'), import('@flowline/worker'),
    ]);
    const env: Record<string, string | undefined> = { ...io.env };
    const dataDir = stringFlag(args, 'data-dir') ?? env['FLOWLINE_DATA_DIR'];
    env['FLOWLINE_DATA_DIR'] = resolve(io.cwd, dataDir === undefined || dataDir.trim() === '' ? 'data' : dataDir);
    const parsed = parseServerConfig(env);
    if (!parsed.ok) return reportUsageError(io, workerCommand, parsed.errors.join('; '));
    let storage: Awaited<ReturnType<typeof openConfiguredStorage>>;
    try {
      storage = await openConfiguredStorage(parsed.config);
    } catch (error) {
      io.stderr.write(`flowline worker: cannot open storage: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILED;
    }
    const passphrase = findKeyPassphrase(parsed.config.dataDir, parsed.config.keyPassphrase);
    if (passphrase === undefined) io.stderr.write('flowline worker: no FLOWLINE_KEY_PASSPHRASE and no key-passphrase file: webhooks with sealed secrets wait until the worker has it.\n');
    const secrets = passphrase === undefined ? undefined : createSecretBox(passphrase);
    const log: Logger = (level, event, fields = {}) => io.stderr.write(`${JSON.stringify({ level, event, ...fields })}\n`);
    const worker = startDeliveryWorker({
      storage,
      privateHttp: parsed.config.allowPrivateHttp,
      leaseMs: parsed.config.outboxLeaseMs,
      // Files of PhotoPicker/DocumentPicker answers go where the servers read them (docs/media.md); Cloud API
      // media ids (§6.3) are resolved as the workspace's WhatsApp connection, like the servers do.
      jobs: {
        [MEDIA_FETCH_KIND]: createMediaFetchJob({
          store: openMediaStore(parsed.config.media, parsed.config.dataDir), maxBytes: parsed.config.media.maxBytes, timeoutMs: parsed.config.media.timeoutMs,
          resolveCloudMedia: createConfiguredCloudMediaResolver(storage, parsed.config, secrets, log),
        }),
      },
      ...(secrets === undefined ? {} : { secrets }),
      log,
    });
    io.stderr.write('Flowline delivery worker running. Press Ctrl-C to stop.\n');
    await io.untilShutdown();
    await worker.stop();
    await storage.close();
    io.stderr.write(`Flowline delivery worker stopped (${worker.stats.delivered} delivered, ${worker.stats.dead} dead letters).\n`);
    return EXIT_OK;
  },
};
