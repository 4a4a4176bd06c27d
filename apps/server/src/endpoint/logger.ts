/** A structured log sink: one event name and a few fields (never secrets or personal data). */
export type Logger = (level: 'info' | 'warn' | 'error', event: string, fields?: Readonly<Record<string, unknown>>) => void;

/** Writes JSON lines to stderr. */
export const jsonLineLogger: Logger = (level, event, fields = {}) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
};

/** Discards everything (tests, benchmarks). */
export const silentLogger: Logger = () => undefined;
