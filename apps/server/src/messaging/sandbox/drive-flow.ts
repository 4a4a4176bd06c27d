import { isStepError, step, type RuntimeEvent, type RuntimeState, type StepOutcome } from '@flowline/core';

/** What a phone does for the runtime: call the Flow's data endpoint, and send the completion. */
export interface PhoneHost {
  /** Sends one decrypted request payload (with the Flow's data_api_version) to the data endpoint; the answer as a runtime event. */
  endpoint(request: Readonly<Record<string, unknown>>): Promise<RuntimeEvent>;
  /** The customer finished the Flow: WhatsApp sends the `nfm_reply` completion webhook. */
  complete(payload: Readonly<Record<string, unknown>>, summary: readonly unknown[], flowToken: string): Promise<void>;
}

/** The state a drive ended in, or why the runtime stopped. */
export type DriveResult = { readonly ok: true; readonly state: RuntimeState } | { readonly ok: false; readonly message: string };

function dataApiVersion(flow: unknown): string {
  const version = typeof flow === 'object' && flow !== null ? (flow as Record<string, unknown>)['data_api_version'] : undefined;
  return typeof version === 'string' ? version : '3.0';
}

/**
 * Performs the phone's part of a runtime step's effects, as the WhatsApp client does: each endpoint
 * request goes to the endpoint and its answer is fed back, and a completion is sent. Used by the sandbox
 * phone and by the stand-in customer of the end-to-end tests; at most 20 endpoint exchanges per step.
 */
export async function driveFlow(flow: unknown, outcome: StepOutcome, host: PhoneHost): Promise<DriveResult> {
  let current = outcome;
  for (let hops = 0; hops < 20; hops += 1) {
    if (isStepError(current)) return { ok: false, message: `${current.error.code}: ${current.error.message}` };
    const request = current.effects.find((e) => e.type === 'endpoint_request');
    const completed = current.effects.find((e) => e.type === 'completed');
    if (completed !== undefined) await host.complete(completed.payload, completed.summary, current.state.flowToken);
    if (request === undefined) return { ok: true, state: current.state };
    const answer = await host.endpoint({ version: dataApiVersion(flow), ...request.request });
    current = step(flow, current.state, answer);
  }
  return { ok: false, message: 'the endpoint kept the Flow waiting for more than 20 exchanges' };
}
