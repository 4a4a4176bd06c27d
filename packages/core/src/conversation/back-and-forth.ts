import { median } from '../campaign/mann-whitney.js';

/** A message of the ticket's conversation, as the measures need it. */
export interface ExchangeMessage {
  readonly at: number;
  /** customer, operator or automation (Flow messages, templates): automation never counts. */
  readonly author: 'customer' | 'operator' | 'automation';
  /** `flow_reply` (the Flow's own completion) is the submission, not an exchange. */
  readonly type: string;
}

/** A resolved ticket: when the work started (the submission, or the ticket for one without a Flow) and when it was resolved. */
export interface ResolvedTicket {
  readonly startedAt: number;
  readonly resolvedAt: number;
  /** The contact's messages (any time span: only those in (startedAt, resolvedAt] count). */
  readonly messages: readonly ExchangeMessage[];
}

/**
 * The back-and-forth of a set of resolved tickets (issue 12 §7): messages exchanged between the start
 * and the resolution, written by the customer or an operator; the median handling time; and the share
 * resolved without a clarification (no operator message before the resolution). Null when there are no tickets.
 */
export interface BackAndForth {
  readonly tickets: number;
  readonly messagesExchanged: number;
  readonly messagesPerTicket: number | null;
  readonly medianHandlingMs: number | null;
  readonly resolvedWithoutClarification: number;
  readonly shareWithoutClarification: number | null;
}

function counts(message: ExchangeMessage): boolean {
  return message.author === 'operator' || (message.author === 'customer' && message.type !== 'flow_reply');
}

/** Measures the back-and-forth of resolved tickets; a pure function of its input. */
export function measureBackAndForth(tickets: readonly ResolvedTicket[]): BackAndForth {
  let messagesExchanged = 0;
  let withoutClarification = 0;
  const handling: number[] = [];
  for (const ticket of tickets) {
    const within = ticket.messages.filter((m) => m.at > ticket.startedAt && m.at <= ticket.resolvedAt && counts(m));
    messagesExchanged += within.length;
    if (!within.some((m) => m.author === 'operator')) withoutClarification += 1;
    handling.push(Math.max(0, ticket.resolvedAt - ticket.startedAt));
  }
  const n = tickets.length;
  return {
    tickets: n,
    messagesExchanged,
    messagesPerTicket: n === 0 ? null : messagesExchanged / n,
    medianHandlingMs: median(handling) ?? null,
    resolvedWithoutClarification: withoutClarification,
    shareWithoutClarification: n === 0 ? null : withoutClarification / n,
  };
}
