import { currentRequestId } from '../http/request-context.js';

/** A structured log sink: one event name and a few fields (never secrets or personal data). */
export type Logger = (level: 'info' | 'warn' | 'error', event: string, fields?: Readonly<Record<string, unknown>>) => void;

/** Writes JSON lines to stderr: time, level, event, the request id of the request being served (if any), then the fields. */
export const jsonLineLogger: Logger = (level, event, fields = {}) => {
  const requestId = currentRequestId();
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...(requestId === undefined ? {} : { requestId }), ...fields })}\n`);
};

/** Discards everything (tests, benchmarks). */
export const silentLogger: Logger = () => undefined;
