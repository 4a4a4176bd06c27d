import type { FlowAction } from '@flowline/core';
import type { DataSources } from './sources/data-sources.js';
import type { FlowShape, ScreenDataOf, ScreenIdOf } from './screen-data-types.js';

/** The actions a Flow's handlers receive (ping and error notifications are answered by Flowline). */
export type HandledAction = FlowAction;

/** A decrypted endpoint request as a handler sees it (platform spec §1.4). */
export interface EndpointRequest {
  readonly action: HandledAction;
  /** The current screen; absent for INIT (and possibly BACK). */
  readonly screen: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
  readonly flowToken: string;
  readonly version: string;
}

/** What a handler may use besides the request: data sources, the clock and an abort signal at its deadline. */
export interface HandlerContext {
  readonly flowId: string;
  readonly sources: DataSources;
  readonly now: Date;
  /** Aborted when the deadline passes; pass it to outbound calls. */
  readonly signal: AbortSignal;
  /**
   * A studio preview or CLI simulation (docs/endpoint.md, previews): same handlers and sources, but
   * nothing with a lasting effect — `sources.book` writes to the preview calendar. Handlers with side
   * effects of their own must skip them when this is true.
   */
  readonly preview?: boolean;
}

/** The reply that finishes the Flow (§1.5); params are forwarded in the completion webhook. */
export interface SuccessReply {
  readonly screen: 'SUCCESS';
  readonly data: { readonly extension_message_response: { readonly params: Readonly<Record<string, unknown>> } };
}

/** A handler's answer: the next screen with its data, or the end of the Flow. */
export type EndpointReply<F extends FlowShape = FlowShape> =
  | { [S in ScreenIdOf<F>]: { readonly screen: S; readonly data: ScreenDataOf<F, S> } }[ScreenIdOf<F>]
  | SuccessReply;

/** One handler: may be sync or async; throwing or exceeding the deadline triggers the fallback. */
export type EndpointHandler<F extends FlowShape = FlowShape> = (
  request: EndpointRequest,
  context: HandlerContext,
) => EndpointReply<F> | Promise<EndpointReply<F>>;

/** What the phone gets when a handler fails: the same screen with an error_message, or a fixed screen. */
export type Fallback =
  | { readonly kind: 'error_message'; readonly message: string }
  | { readonly kind: 'screen'; readonly screen: string; readonly data: Readonly<Record<string, unknown>> };

/** How flow tokens become valid: `open` accepts any token and starts a session at its first request; `known` only tokens registered by a send. */
export interface TokenPolicy {
  readonly mode: 'open' | 'known';
  /** Session lifetime from its creation (Meta advises 2–3 days); undefined = no expiry. */
  readonly ttlMs?: number;
  /** The error_msg shown with a 427 (§1.6). */
  readonly expiredMessage?: string;
}

/** A Flow's endpoint: handlers per action (data_exchange per screen), fallback, deadline and token policy. */
export interface EndpointDefinition<F extends FlowShape = FlowShape> {
  readonly INIT?: EndpointHandler<F>;
  readonly BACK?: EndpointHandler<F> | { readonly [S in ScreenIdOf<F>]?: EndpointHandler<F> };
  readonly data_exchange?: { readonly [S in ScreenIdOf<F>]?: EndpointHandler<F> };
  readonly fallback?: Fallback;
  readonly timeoutMs?: number;
  readonly tokens?: TokenPolicy;
}

/**
 * Declares the endpoint of a Flow with its screen data typed from the Flow JSON (declare the Flow
 * `as const` to get literal screen ids and data types). Returns the same definition, widened to the
 * untyped form the server stores: every reply is checked against the Flow at run time anyway.
 */
export function defineEndpoint<const F extends FlowShape>(_flow: F, definition: EndpointDefinition<F>): EndpointDefinition {
  // Boundary: the typed handlers accept the same requests; their replies are re-checked by checkScreenData.
  return definition as unknown as EndpointDefinition;
}

/** Builds the SUCCESS reply that finishes the Flow; `flow_token` is required by WhatsApp (§1.5). */
export function finishFlow(flowToken: string, params: Readonly<Record<string, unknown>> = {}): SuccessReply {
  return { screen: 'SUCCESS', data: { extension_message_response: { params: { ...params, flow_token: flowToken } } } };
}
