/** The pacing of a campaign's sends: a rate that slows on throughput errors and recovers while sends succeed. */
export interface PacingState {
  /** Messages per second now allowed. */
  readonly rate: number;
  /** The configured ceiling (the phone number's throughput tier). */
  readonly ceiling: number;
  /** When (ms) the next send may start. */
  readonly nextAt: number;
  /** Until when (ms) nothing is sent after a throughput error. */
  readonly pausedUntil: number;
}

/** Meta's default throughput is 80 messages/s per number; tiers go up to 1,000/s. */
export const DEFAULT_MESSAGES_PER_SECOND = 80;
export const MAX_MESSAGES_PER_SECOND = 1000;
/** The slowest a throttled campaign goes. */
export const MIN_MESSAGES_PER_SECOND = 1;

/** A fresh pacing at the configured rate, starting at `now`. */
export function startPacing(ceiling: number, now: number): PacingState {
  if (!(ceiling >= MIN_MESSAGES_PER_SECOND && ceiling <= MAX_MESSAGES_PER_SECOND)) throw new RangeError(`messages per second must be between ${MIN_MESSAGES_PER_SECOND} and ${MAX_MESSAGES_PER_SECOND}, got ${ceiling}`);
  return { rate: ceiling, ceiling, nextAt: now, pausedUntil: now };
}

/**
 * How many missed slots a late sender may still use (in intervals): 1, or 2 % of the rate when that is more.
 * It absorbs the pauses between batches (claiming the next recipients) without letting any second go
 * more than 2 % (or 2 sends) over the rate.
 */
export function slotSlack(rate: number): number {
  return Math.max(1, Math.floor(rate * 0.02));
}

/**
 * Takes the next send slot: when the send may start (never earlier than `now`) and the pacing after it.
 * Slots are spaced 1/rate apart; a sender running late may use at most `slotSlack` missed slots, so any
 * second holds at most rate + slack + 1 sends.
 */
export function takeSlot(state: PacingState, now: number): { readonly at: number; readonly state: PacingState } {
  const interval = 1000 / state.rate;
  const earliest = Math.max(state.pausedUntil, now - slotSlack(state.rate) * interval);
  const at = Math.max(state.nextAt, earliest, now);
  return { at, state: { ...state, nextAt: Math.max(state.nextAt, earliest) + interval } };
}

/**
 * After a throughput error (130429, 131056): halve the rate and pause for `pauseMs` before the next send.
 * Errors arriving while already paused (the other sends that were in flight) count once.
 */
export function slowDown(state: PacingState, now: number, pauseMs = 1000): PacingState {
  if (now < state.pausedUntil) return state;
  const rate = Math.max(MIN_MESSAGES_PER_SECOND, state.rate / 2);
  return { ...state, rate, pausedUntil: Math.max(state.pausedUntil, now + pauseMs), nextAt: Math.max(state.nextAt, now + pauseMs) };
}

/** After a successful send: recover the rate a little (additive increase, 1 % of the ceiling), never past the ceiling. */
export function speedUp(state: PacingState): PacingState {
  if (state.rate >= state.ceiling) return state;
  return { ...state, rate: Math.min(state.ceiling, state.rate + state.ceiling / 100) };
}
