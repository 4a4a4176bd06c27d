import { apiCommand, AUTH_NOTE, callApi, COMMON, fail, printJson } from './admin-api.js';
import { EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

// `flowline contacts …`: the admin API's contact routes from a terminal (docs/privacy.md for erasure).

/** `flowline contacts erase <contactId> --yes`: erases a contact on request (admins only). */
export const contactsEraseCommand: Command = apiCommand({
  name: 'contacts erase',
  summary: 'Erase a contact on request: anonymise it and redact every copy of its data (cannot be undone).',
  usage: 'flowline contacts erase <contactId> --yes [--server <url>] [--json]',
  details: [
    'The contact\'s phone, name, tags and fields become a tombstone; their answers, tickets, sandbox chat, endpoint',
    'data and campaign entries are redacted and their undelivered deliveries cancelled, in one transaction. Counts',
    'stay (dashboards, bookings). The audit log records the erasure with counts only. Erasing again changes nothing.',
    '--yes confirms; without it nothing is done. The token needs the contacts:erase permission (admin).',
    AUTH_NOTE, '', 'Exit codes: 0 erased (or already erased), 1 the server refused or the contact does not exist, 2 usage error.',
  ].join('\n'),
  args: { flags: { ...COMMON, yes: { type: 'boolean', description: 'Confirm the erasure (it cannot be undone)' } }, minPositionals: 1, maxPositionals: 1 },
}, async (args, io, self) => {
  const contactId = args.positionals[0] ?? '';
  if (args.flags['yes'] !== true) return reportUsageError(io, self, `erasing ${contactId} cannot be undone; add --yes to confirm`);
  const answer = await callApi(io, args, 'POST', `/contacts/${encodeURIComponent(contactId)}/erase`);
  if (!answer.ok) return fail(io, self, answer.message);
  if (args.flags['json'] === true) {
    printJson(io, answer.body);
    return EXIT_OK;
  }
  const counts = Object.entries((answer.body['counts'] ?? {}) as Record<string, number>).filter(([, n]) => n > 0);
  io.stdout.write(answer.body['alreadyErased'] === true
    ? `Contact ${contactId} was already erased${counts.length === 0 ? '; nothing left to redact.' : '; redacted since:'}\n`
    : `Erased contact ${contactId}. Redacted:\n`);
  for (const [table, n] of counts) io.stdout.write(`  ${table}: ${n}\n`);
  return EXIT_OK;
});

/** The `flowline contacts …` commands. */
export const CONTACTS_COMMANDS: readonly Command[] = [contactsEraseCommand];
