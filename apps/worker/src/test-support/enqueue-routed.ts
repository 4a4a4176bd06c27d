import type { RoutingAction } from '@flowline/core';
import type { OutboxAction, Storage } from '@flowline/storage';

/** Enqueues routed actions as ingestion would (payload with rule and submission), without a submission row. */
export function enqueueRouted(storage: Storage, workspaceId: string, actions: readonly RoutingAction[], options: { at?: number; maxAttempts?: number; prefix?: string; answers?: unknown } = {}): Promise<OutboxAction[]> {
  const at = options.at ?? 0;
  const prefix = options.prefix ?? 'sub';
  return storage.outbox.enqueue(
    workspaceId,
    actions.map((action, i) => ({
      kind: action.type,
      idempotencyKey: `${prefix}:${i}`,
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      payload: {
        action,
        ruleId: 'rule-1',
        submission: { id: `${prefix}`, flowId: 'lead', version: 1, sendId: null, contactPhone: '+351910000009', messageId: `wamid.${prefix}.${i}`, receivedAt: at, answers: options.answers ?? { email: 'ana@example.com', budget: '25000' } },
      },
    })),
    at,
  );
}
