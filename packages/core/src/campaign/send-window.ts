// A campaign's local send window: messages go out only between `start` and `end` on the allowed days,
// in each contact's own time zone (a renewal reminder at 03:00 local time is a block waiting to happen).
// Pure: the time zone rules come from the ECMAScript Intl data the runtime carries.

/** When a campaign may send, in the contact's local time. */
export interface SendWindow {
  /** Local clock time the window opens, `HH:MM` (24-hour). */
  readonly start: string;
  /** Local clock time the window closes, `HH:MM`, later than `start` (`24:00` is the end of the day). */
  readonly end: string;
  /** Local weekdays allowed, 0 = Sunday … 6 = Saturday; all when absent. */
  readonly days?: readonly number[];
  /** IANA time zone of contacts whose own zone is not known (`fields.timeZone`). */
  readonly timeZone: string;
}

export type SendWindowProblem = { readonly ok: false; readonly message: string };

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function minutesOf(clock: string): number | undefined {
  const match = CLOCK.exec(clock);
  if (match === null) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 1440 ? minutes : undefined;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows `timeZone` as an IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local weekday and milliseconds since local midnight of an instant. */
function localOf(epochMs: number, timeZone: string): { weekday: number; ms: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const weekday = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
  return { weekday, ms: ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (epochMs % 1000 + 1000) % 1000 };
}

/** Checks a send window given by a person (API body); the problem names what to fix. */
export function parseSendWindow(value: unknown): { readonly ok: true; readonly window: SendWindow } | SendWindowProblem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'sendWindow must be an object: { start, end, timeZone, days? }' };
  const { start, end, days, timeZone } = value as Record<string, unknown>;
  const from = typeof start === 'string' ? minutesOf(start) : undefined;
  const to = typeof end === 'string' ? minutesOf(end) : undefined;
  if (from === undefined || to === undefined) return { ok: false, message: 'sendWindow.start and sendWindow.end must be local clock times such as "09:00" and "18:30"' };
  if (to <= from) return { ok: false, message: `sendWindow.end (${String(end)}) must be later than sendWindow.start (${String(start)}) on the same day` };
  if (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone)) return { ok: false, message: 'sendWindow.timeZone must be an IANA time zone such as "Europe/Lisbon" (used for contacts whose own zone is not known)' };
  let allowed: number[] | undefined;
  if (days !== undefined) {
    if (!Array.isArray(days) || days.length === 0 || days.length > 7 || !days.every((d) => Number.isInteger(d) && (d as number) >= 0 && (d as number) <= 6)) {
      return { ok: false, message: 'sendWindow.days must list weekdays 0 (Sunday) to 6 (Saturday)' };
    }
    allowed = [...new Set(days as number[])].sort((a, b) => a - b);
  }
  return { ok: true, window: { start: start as string, end: end as string, timeZone, ...(allowed === undefined ? {} : { days: allowed }) } };
}

/**
 * The first instant at or after `nowMs` inside the window, in `timeZone`: `nowMs` itself when the window
 * is open. Across a daylight-saving change the opening is found again on the local clock (a 09:00
 * opening stays 09:00 local); an opening the clock skips (spring forward) opens that much later on the
 * local clock (02:30 becomes 03:30), if the window is still open then.
 */
export function nextSendTime(nowMs: number, window: SendWindow, timeZone: string): number {
  const open = (minutesOf(window.start) ?? 0) * MINUTE_MS;
  const close = (minutesOf(window.end) ?? 1440) * MINUTE_MS;
  const dayAllowed = (weekday: number) => window.days === undefined || window.days.includes(weekday);
  const here = localOf(nowMs, timeZone);
  if (dayAllowed(here.weekday) && here.ms >= open && here.ms < close) return nowMs;
  // Candidate openings: today's (if still ahead) and the next seven days'. The local midnight of each day
  // is estimated from now's local time, then the clock is re-read at the guess and the guess corrected by
  // the difference (at most twice: one offset change between now and the opening).
  for (let day = here.ms < open ? 0 : 1; day <= 8; day += 1) {
    let guess = nowMs - here.ms + day * DAY_MS + open;
    for (let i = 0; i < 3; i += 1) {
      const local = localOf(guess, timeZone);
      const drift = local.ms - open;
      // The local day may have slipped across midnight by the correction: compare within ±12 hours.
      const wrapped = drift > DAY_MS / 2 ? drift - DAY_MS : drift < -DAY_MS / 2 ? drift + DAY_MS : drift;
      if (wrapped === 0) break;
      guess -= wrapped;
    }
    let local = localOf(guess, timeZone);
    // An opening inside a skipped hour is never shown by the clock: the corrections swing across the gap;
    // from its near side, step forward by the missing local time (past the gap).
    if (local.ms < open && open - local.ms <= DAY_MS / 2) {
      guess += open - local.ms;
      local = localOf(guess, timeZone);
    }
    if (guess < nowMs || !dayAllowed(local.weekday)) continue;
    if (local.ms >= open && local.ms < close) return guess;
  }
  // Unreachable for a parsed window (some day of the next eight is allowed); never send early.
  return nowMs + DAY_MS;
}
