import { resolve } from 'node:path';
import { stringFlag } from '../args/parse-args.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

/** `flowline serve`: starts the Flowline server (data endpoint, webhooks, admin API, studio) until interrupted. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the server (data endpoint, webhooks, admin API, studio); same as npm start.',
  usage: 'flowline serve [--port <n>] [--data-dir <dir>]',
  details: [
    'Configuration comes from the environment: PORT (default 3000), FLOWLINE_DATA_DIR (default ./data),',
    'FLOWLINE_APP_SECRET, FLOWLINE_KEY_PASSPHRASE, FLOWLINE_WORKERS, FLOWLINE_CRYPTO_THREADS, DATABASE_URL, FLOWLINE_ADMIN_TOKEN.',
    'The flags override PORT and FLOWLINE_DATA_DIR. Stops on Ctrl-C (SIGINT) or SIGTERM.',
    '',
    'Exit codes: 0 stopped cleanly, 1 could not start (port in use, unreadable keys), 2 invalid configuration.',
  ].join('\n'),
  args: {
    flags: {
      port: { type: 'string', placeholder: '<n>', description: 'Port to listen on (overrides PORT)' },
      'data-dir': { type: 'string', placeholder: '<dir>', description: 'Data folder (overrides FLOWLINE_DATA_DIR)' },
    },
    maxPositionals: 0,
  },
  async run(args, io) {
    // Loaded here, not at the top: the server is most of the CLI's code, and every other command starts faster without it.
    const { parseServerConfig, startServer } = await import('@flowline/server');
    const env: Record<string, string | undefined> = { ...io.env };
    const port = stringFlag(args, 'port');
    const dataDir = stringFlag(args, 'data-dir');
    if (port !== undefined) env['PORT'] = port;
    // The server resolves the data folder against the process directory; resolve it against ours.
    const configuredDir = dataDir ?? env['FLOWLINE_DATA_DIR'];
    env['FLOWLINE_DATA_DIR'] = resolve(io.cwd, configuredDir === undefined || configuredDir.trim() === '' ? 'data' : configuredDir);
    const parsed = parseServerConfig(env);
    if (!parsed.ok) return reportUsageError(io, serveCommand, parsed.errors.join('; '));
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(parsed.config);
    } catch (error) {
      io.stderr.write(`flowline serve: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILED;
    }
    io.stderr.write(`Flowline is listening on http://localhost:${server.port} (data in ${parsed.config.dataDir}). Press Ctrl-C to stop.\n`);
    await io.untilShutdown();
    await server.close();
    io.stderr.write('Flowline stopped.\n');
    return EXIT_OK;
  },
};
