import { backupCommand } from './backup-command.js';
import type { Command } from './command.js';
import { keysGenerateCommand, keysPublicCommand } from './keys-command.js';
import { serveCommand } from './serve-command.js';
import { schemaCommand } from './schema-command.js';
import { simulateCommand } from './simulate-command.js';
import { submissionsExportCommand } from './submissions-export-command.js';
import { testCommand } from './test-command.js';
import { upgradeCommand } from './upgrade-command.js';
import { validateCommand } from './validate-command.js';
import { workerCommand } from './worker-command.js';
import { WHATSAPP_COMMANDS } from './whatsapp-command.js';
import { CONTACTS_COMMANDS } from './contacts-command.js';

/** Every `flowline` subcommand, in the order shown by `flowline --help`. */
export const COMMANDS: readonly Command[] = [validateCommand, schemaCommand, simulateCommand, testCommand, upgradeCommand, keysGenerateCommand, keysPublicCommand, serveCommand, workerCommand, backupCommand, submissionsExportCommand, ...WHATSAPP_COMMANDS, ...CONTACTS_COMMANDS];
