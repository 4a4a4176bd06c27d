/** What the customer pressed in the runtime: the Footer, a link by its text, an OptIn's link, a list item. */
export type PressTarget =
  | 'footer'
  | { readonly link: string }
  | { readonly optIn: string }
  | { readonly navigationItem: string };

/** The endpoint's decrypted response, as the host received it (spec platform §1.5). */
export interface EndpointResponse {
  readonly screen?: unknown;
  readonly data?: unknown;
  readonly [key: string]: unknown;
}

/** Something the customer (or the host, for endpoint answers) does to a running Flow. */
export type RuntimeEvent =
  | { readonly type: 'fill'; readonly name: string; readonly value: unknown }
  | { readonly type: 'select' | 'unselect'; readonly name: string; readonly id: string }
  | { readonly type: 'press'; readonly target: PressTarget }
  | { readonly type: 'back' }
  | { readonly type: 'endpoint_response'; readonly response: unknown }
  | { readonly type: 'endpoint_error'; readonly status: number | 'timeout'; readonly message?: string };
