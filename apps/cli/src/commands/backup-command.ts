import { resolve } from 'node:path';
import { stringFlag } from '../args/parse-args.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

/** `flowline backup <file>`: an online copy of the SQLite database, taken while servers keep running. */
export const backupCommand: Command = {
  name: 'backup',
  summary: 'Copy the SQLite database to a file while the server keeps running (online backup).',
  usage: 'flowline backup <file> [--data-dir <dir>]',
  details: [
    'Copies <data dir>/flowline.db with SQLite\'s online backup API: a consistent snapshot, taken while',
    'servers keep writing. The file is created with mode 0600 and never overwritten. The data folder is',
    'FLOWLINE_DATA_DIR (default ./data) unless --data-dir is given.',
    '',
    'The database alone does not restore a deployment: keep the key folder (<data dir>/keys) and the key',
    'passphrase (FLOWLINE_KEY_PASSPHRASE or <data dir>/key-passphrase) too. To restore, stop the servers and',
    'put the copy in place as <data dir>/flowline.db (docs/deploy.md, "Backups and restore").',
    'On PostgreSQL (DATABASE_URL set) use pg_dump instead; this command refuses.',
    '',
    'Exit codes: 0 copied, 1 no database or the file exists, 2 usage error (PostgreSQL, no file).',
  ].join('\n'),
  args: {
    flags: { 'data-dir': { type: 'string', placeholder: '<dir>', description: 'Data folder (overrides FLOWLINE_DATA_DIR)' } },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, io) {
    // Loaded here, not at the top: the storage drivers slow the start of every other command.
    const { backupSqlite } = await import('@flowline/storage');
    const databaseUrl = io.env['DATABASE_URL'];
    if (databaseUrl !== undefined && databaseUrl.trim() !== '') {
      return reportUsageError(io, backupCommand, 'DATABASE_URL is set: back PostgreSQL up with pg_dump (docs/deploy.md); this command copies SQLite databases');
    }
    const configured = stringFlag(args, 'data-dir') ?? io.env['FLOWLINE_DATA_DIR'];
    const dataDir = resolve(io.cwd, configured === undefined || configured.trim() === '' ? 'data' : configured);
    const file = resolve(io.cwd, args.positionals[0] ?? '');
    try {
      const report = await backupSqlite(dataDir, file);
      io.stderr.write(`Copied ${resolve(dataDir, 'flowline.db')} to ${report.file} (${report.pages} pages). Keep ${resolve(dataDir, 'keys')} and the key passphrase with it.\n`);
      return EXIT_OK;
    } catch (error) {
      io.stderr.write(`flowline backup: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILED;
    }
  },
};
