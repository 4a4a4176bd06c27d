import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair, isProtocolError, KEY_PAIR_FILES, loadPublicKey, saveKeyPair } from '@flowline/protocol';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { keysDir } from './keys-dir.js';
import { reportUsageError } from './run-command.js';

const DIR_FLAG = { type: 'string', placeholder: '<dir>', description: 'Key folder (default <FLOWLINE_DATA_DIR or ./data>/keys)' } as const;

/** `flowline keys generate`: creates the data endpoint's RSA-2048 key pair, the private key encrypted at rest. */
export const keysGenerateCommand: Command = {
  name: 'keys generate',
  summary: 'Create the data endpoint key pair (private key encrypted with FLOWLINE_KEY_PASSPHRASE).',
  usage: 'flowline keys generate [--dir <dir>] [--force]',
  details: [
    'Writes private.pem (encrypted PKCS#8, mode 0600) and public.pem into the key folder and prints',
    'the public key to upload to Meta. FLOWLINE_KEY_PASSPHRASE must be set.',
    '',
    'Exit codes: 0 created, 1 a key pair exists already (use --force to replace it), 2 usage error',
    '(no passphrase, unknown flag).',
  ].join('\n'),
  args: { flags: { dir: DIR_FLAG, force: { type: 'boolean', description: 'Replace an existing key pair' } }, maxPositionals: 0 },
  async run(args, io) {
    const passphrase = io.env['FLOWLINE_KEY_PASSPHRASE'];
    if (passphrase === undefined || passphrase === '') {
      return reportUsageError(io, keysGenerateCommand, 'FLOWLINE_KEY_PASSPHRASE is not set; it encrypts the private key at rest');
    }
    const dir = keysDir(args, io);
    try {
      saveKeyPair(dir, generateKeyPair({ passphrase }), { overwrite: args.flags['force'] === true });
    } catch (error) {
      if (isProtocolError(error) && error.code === 'ERR_KEY_EXISTS') {
        io.stderr.write(`flowline keys generate: a key pair already exists in ${dir}; use --force to replace it (clients then need the new public key)\n`);
        return EXIT_FAILED;
      }
      io.stderr.write(`flowline keys generate: cannot write the key pair to ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILED;
    }
    io.stderr.write(`Created ${join(dir, KEY_PAIR_FILES.privateKey)} (encrypted) and ${join(dir, KEY_PAIR_FILES.publicKey)}.\n`);
    io.stderr.write('Upload this public key to Meta (POST /{PHONE_NUMBER_ID}/whatsapp_business_encryption):\n\n');
    io.stdout.write(await readFile(join(dir, KEY_PAIR_FILES.publicKey), 'utf8'));
    return EXIT_OK;
  },
};

/** `flowline keys public`: prints the public key (PEM) to upload to Meta. */
export const keysPublicCommand: Command = {
  name: 'keys public',
  summary: 'Print the public key (PEM) to upload to Meta.',
  usage: 'flowline keys public [--dir <dir>]',
  details: 'Exit codes: 0 printed, 1 no (valid) public key in the folder, 2 usage error.',
  args: { flags: { dir: DIR_FLAG }, maxPositionals: 0 },
  async run(args, io) {
    const path = join(keysDir(args, io), KEY_PAIR_FILES.publicKey);
    const pem = await readFile(path, 'utf8').catch(() => undefined);
    if (pem === undefined) {
      io.stderr.write(`flowline keys public: no public key at ${path}; run 'flowline keys generate' first\n`);
      return EXIT_FAILED;
    }
    try {
      loadPublicKey(pem);
    } catch {
      io.stderr.write(`flowline keys public: ${path} is not a valid public key\n`);
      return EXIT_FAILED;
    }
    io.stdout.write(pem);
    return EXIT_OK;
  },
};
