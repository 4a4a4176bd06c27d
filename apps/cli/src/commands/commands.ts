import type { Command } from './command.js';
import { validateCommand } from './validate-command.js';

/** Every `flowline` subcommand, in the order shown by `flowline --help`. */
export const COMMANDS: readonly Command[] = [validateCommand];
