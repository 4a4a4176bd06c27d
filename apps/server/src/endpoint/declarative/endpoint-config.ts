/**
 * A Flow's endpoint written as data (the `*.endpoint.json` next to a seed Flow): per action and
 * screen, a step that answers with a screen and data built from values and data sources.
 */
export interface EndpointConfig {
  readonly tokens?: { readonly mode: 'open' | 'known'; readonly ttlHours?: number; readonly expiredMessage?: string };
  readonly timeoutMs?: number;
  readonly fallback?: { readonly error_message: string } | { readonly screen: string; readonly data: Readonly<Record<string, unknown>> };
  readonly INIT?: Step;
  readonly BACK?: Step | Readonly<Record<string, Step>>;
  readonly data_exchange?: Readonly<Record<string, Step>>;
}

/** One answer: optional booking, optional branching, then the next screen (or SUCCESS) with its data. */
export interface Step {
  /** Books the calendar slot whose id the value gives; when it fails, `onFull` answers instead. */
  readonly book?: { readonly slot: unknown; readonly onFull: Step };
  /** The first branch whose condition holds answers; otherwise the step's own screen. */
  readonly choose?: readonly { readonly when: Condition; readonly then: Step }[];
  readonly screen?: string;
  /** Data of the next screen: field → value spec. For SUCCESS, the params of the completion. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Compares a request field with a literal. */
export interface Condition {
  readonly field: string;
  readonly op: '==' | '!=' | '>' | '>=' | '<' | '<=';
  readonly value: string | number | boolean;
}

/**
 * Data sources usable as `{"$source": …}`: a static list, a lookup table (optionally filtered by
 * request fields), an HTTP GET (URL template with `{request.x}`) with a field mapping, or the slot calendar.
 */
export type SourceSpec =
  | { readonly kind: 'static'; readonly items: readonly unknown[] }
  | { readonly kind: 'lookup'; readonly table: string; readonly where?: Readonly<Record<string, unknown>>; readonly fields?: Readonly<Record<string, string>> }
  | { readonly kind: 'http'; readonly url: string; readonly itemsPath?: string; readonly fields?: Readonly<Record<string, string>> }
  | { readonly kind: 'calendar'; readonly resources?: readonly string[]; readonly days?: number; readonly limit?: number };
