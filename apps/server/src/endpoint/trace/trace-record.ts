/** What happened to one endpoint request. */
export type TraceOutcome =
  | 'ok'
  | 'ping'
  | 'acknowledged'
  | 'fallback'
  | 'rejected'
  | 'failed';

/**
 * One endpoint request as recorded in the trace. Never holds the flow token (only a short hash),
 * nor request or response values: only field names.
 */
export interface TraceRecord {
  readonly at: number;
  readonly flowId: string;
  readonly action: string | undefined;
  readonly screen: string | undefined;
  /** The screen answered with (SUCCESS when the Flow finished). */
  readonly nextScreen: string | undefined;
  readonly status: number;
  readonly latencyMs: number;
  readonly outcome: TraceOutcome;
  /** Stable code of a protocol or gate failure (ERR_ENVELOPE_DECRYPT, FLOWLINE_TOKEN_UNKNOWN, …). */
  readonly errorCode: string | undefined;
  /** Why the handler's answer was not used (it threw, timed out, or broke the data model). */
  readonly handlerError: string | undefined;
  readonly fallbackUsed: boolean;
  readonly tokenHash: string | undefined;
  /** Names (not values) of the request's data fields. */
  readonly dataKeys: readonly string[];
  /** For error notifications: the client's error key (e.g. INVALID_SCREEN_TRANSITION). */
  readonly clientError: string | undefined;
  /** The Flow version that answered (stored Flows), for the dashboards. */
  readonly version: number | undefined;
  /** The send that registered the flow token, when one did. */
  readonly sendId: string | undefined;
  /** True on a token's first exchange with the endpoint (its session was created by this request): the Flow was opened. */
  readonly firstExchange: boolean;
  /** A request of the studio's preview (not a customer's): kept out of the durable trace and the measurement events. */
  readonly preview: boolean;
}

/** The optional fields of a trace record, all unset: spread it and set what is known. */
export const emptyTraceFields = {
  action: undefined,
  screen: undefined,
  nextScreen: undefined,
  errorCode: undefined,
  handlerError: undefined,
  fallbackUsed: false,
  tokenHash: undefined,
  dataKeys: [],
  clientError: undefined,
  version: undefined,
  sendId: undefined,
  firstExchange: false,
  preview: false,
} as const satisfies Omit<TraceRecord, 'at' | 'flowId' | 'status' | 'latencyMs' | 'outcome'>;

/**
 * Longest text kept per trace field (characters). A Flow id is a slug of at most 64; screen ids and
 * error keys are short upper-case words; handler errors are redacted to 200 already.
 */
export const TRACE_TEXT_LIMITS = { flowId: 64, action: 32, screen: 128, error: 256, dataKey: 64, dataKeys: 32 } as const;

/** Cuts a text to `max` characters (an O(1) check on the common short text). */
export function clipTraceText(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** The names of a request's data fields for the trace: at most 32, each cut to 64 characters. */
export function toDataKeys(data: Readonly<Record<string, unknown>>): readonly string[] {
  const keys: string[] = [];
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    if (keys.length === TRACE_TEXT_LIMITS.dataKeys) break;
    keys.push(clipTraceText(key, TRACE_TEXT_LIMITS.dataKey));
  }
  return keys;
}

/** Where trace records go; `record` must not block the request. */
export interface TraceSink {
  record(entry: TraceRecord): void;
  /** Most recent records first, optionally for one Flow (this process's recent records). */
  recent(limit: number, flowId?: string): readonly TraceRecord[];
  /** Writes whatever is buffered (durable sinks); resolves when it is stored. */
  flush(): Promise<void>;
}

/** An in-memory ring buffer of the latest trace records. */
export function createMemoryTraceSink(capacity = 10_000): TraceSink {
  const ring: TraceRecord[] = [];
  let next = 0;
  return {
    record(entry) {
      if (ring.length < capacity) ring.push(entry);
      else ring[next] = entry;
      next = (next + 1) % capacity;
    },
    recent(limit, flowId) {
      const ordered = ring.length < capacity ? [...ring] : [...ring.slice(next), ...ring.slice(0, next)];
      const out: TraceRecord[] = [];
      for (let index = ordered.length - 1; index >= 0 && out.length < limit; index--) {
        const entry = ordered[index];
        if (entry !== undefined && (flowId === undefined || entry.flowId === flowId)) out.push(entry);
      }
      return out;
    },
    flush: () => Promise.resolve(),
  };
}
