/** What a scenario expects of the simulated phone after the previous steps (every field optional, subset match). */
export interface Expectation {
  readonly screen?: string;
  /** A subset of the current screen's data. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** A subset of the current input values. */
  readonly form?: Readonly<Record<string, unknown>>;
  /** Component names or texts that must be visible. */
  readonly visible?: readonly string[];
  /** Component names or texts that must not be visible. */
  readonly hidden?: readonly string[];
  /** Input name → `true` (has any error) or the expected message. */
  readonly errors?: Readonly<Record<string, true | string>>;
  /** A subset of the `complete` payload (or the endpoint's SUCCESS params). */
  readonly completed?: Readonly<Record<string, unknown>>;
  /** The Flow was closed with an error: `true`, the HTTP status (e.g. 427), or text the message contains. */
  readonly error?: true | number | string;
  /** The last URL an `open_url` action opened (exact match). */
  readonly opened?: string;
  /** The notice shown on the screen (an endpoint's `error_message`, or the generic text after a failed request): `true` or the exact text. */
  readonly notice?: true | string;
}

/** One step of a scenario, as the customer performs it. */
export type ScenarioStep =
  | { readonly kind: 'fill'; readonly values: Readonly<Record<string, unknown>> }
  | { readonly kind: 'press'; readonly target: string }
  | { readonly kind: 'back' }
  | { readonly kind: 'expect'; readonly expect: Expectation };

/** The data endpoint a scenario talks to, with the key WhatsApp would encrypt with. */
export interface ScenarioEndpoint {
  readonly url: string;
  /** Path of the business public key (PEM), relative to the scenario file. */
  readonly publicKey: string;
  /** App secret used to sign requests with `X-Hub-Signature-256` (else `FLOWLINE_APP_SECRET`). */
  readonly appSecret?: string;
}

/** A parsed scenario: the Flow to play, how it starts, and the customer's steps. */
export interface Scenario {
  readonly name?: string;
  /** Path of the Flow JSON, relative to the scenario file (absent in a scenario stored with its Flow in Flowline). */
  readonly flow?: string;
  /** The `flow_action_payload` (screen and data); absent means the first screen (or INIT for a data_exchange start). */
  readonly start?: { readonly screen?: string; readonly data?: Readonly<Record<string, unknown>> };
  /** `flow_action` of the simulated message; defaults to `data_exchange` when no start screen is given and an endpoint is set. */
  readonly flowAction?: 'navigate' | 'data_exchange';
  readonly flowToken?: string;
  readonly endpoint?: ScenarioEndpoint;
  readonly steps: readonly ScenarioStep[];
  /** The raw JSON of each step, for messages that name a step. */
  readonly rawSteps: readonly unknown[];
}
