import { parseRoutingAction } from './parse-routing-action.js';
import type { RoutingActionOf, RoutingActionType } from './routing-action.js';
import { isJsonObject } from '../json/is-json-object.js';

/** The submission an outbox action carries, as connectors receive it. */
export interface RoutedSubmission {
  readonly id: string;
  readonly flowId: string;
  readonly version: number | null;
  readonly sendId: string | null;
  readonly contactPhone: string;
  readonly messageId: string;
  readonly receivedAt: number;
  readonly answers: unknown;
}

/** The payload of every outbox action written by routing: the action's configuration, its rule and the submission. */
export interface RoutedActionPayload<T extends RoutingActionType = RoutingActionType> {
  readonly action: RoutingActionOf<T>;
  readonly ruleId: string;
  readonly submission: RoutedSubmission;
}

/** Reads a routed action's payload back from the outbox (it is stored JSON, so it is checked, not trusted). */
export function parseRoutedActionPayload(value: unknown): { ok: true; payload: RoutedActionPayload } | { ok: false; message: string } {
  if (!isJsonObject(value)) return { ok: false, message: 'the payload is not an object' };
  const action = parseRoutingAction(value['action'], '/action');
  if (!action.ok) return { ok: false, message: action.problems.map((p) => `${p.pointer}: ${p.message}`).join('; ') };
  const s = value['submission'];
  const ruleId = value['ruleId'];
  if (typeof ruleId !== 'string' || !isJsonObject(s)) return { ok: false, message: 'the payload lacks its rule or submission' };
  const { id, flowId, version, sendId, contactPhone, messageId, receivedAt } = s;
  if (typeof id !== 'string' || typeof flowId !== 'string' || typeof contactPhone !== 'string' || typeof messageId !== 'string' || typeof receivedAt !== 'number') {
    return { ok: false, message: 'the submission in the payload is incomplete' };
  }
  return {
    ok: true,
    payload: {
      action: action.action,
      ruleId,
      submission: {
        id,
        flowId,
        version: typeof version === 'number' ? version : null,
        sendId: typeof sendId === 'string' ? sendId : null,
        contactPhone,
        messageId,
        receivedAt,
        answers: s['answers'],
      },
    },
  };
}
