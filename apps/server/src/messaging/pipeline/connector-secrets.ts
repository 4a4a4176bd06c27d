import { isJsonObject, isKeptSecret, isSealedSecret, ROUTING_ACTION_TYPES, routingActionOptions, type RoutingAction, type RoutingActionType } from '@flowline/core';
import type { SecretBox } from '@flowline/protocol';
import type { Storage } from '@flowline/storage';

type Json = Record<string, unknown>;

/** A problem with a secret of a rule sent by a client, with its pointer under `/rules/<i>/actions/<j>`. */
export interface SecretProblem {
  readonly code: 'FLOWLINE_ROUTING_SECRET_NOT_KEPT' | 'FLOWLINE_ROUTING_SECRET_SEALED';
  readonly severity: 'error';
  readonly message: string;
  readonly pointer: string;
}

function typeOf(action: Json): RoutingActionType | undefined {
  return ROUTING_ACTION_TYPES.find((t) => t === action['type']);
}

/** The option names of an action type that hold a secret (`secret`) or a map of secrets (`secretMap`), from the action registry. */
function secretOptions(type: RoutingActionType): { key: string; map: boolean }[] {
  return routingActionOptions(type).flatMap(([key, spec]): { key: string; map: boolean }[] => (spec.kind === 'secret' ? [{ key, map: false }] : spec.kind === 'secretMap' ? [{ key, map: true }] : []));
}

/**
 * An action as the API shows it: every secret option, sealed or (in a row written before sealing)
 * plain, becomes `{"set": true}`; a header map keeps its header names. Other values are unchanged.
 */
export function toPublicAction(action: unknown): unknown {
  if (!isJsonObject(action)) return action;
  const type = typeOf(action);
  if (type === undefined) return action;
  const shown: Json = { ...action };
  for (const { key, map } of secretOptions(type)) {
    const value = action[key];
    if (value === undefined) continue;
    shown[key] = map && isJsonObject(value) ? Object.fromEntries(Object.keys(value).map((name) => [name, { set: true }])) : { set: true };
  }
  return shown;
}

/** The actions of a list (a rule's `actions`) as the API shows them. */
export function toPublicActions(actions: unknown): unknown {
  return Array.isArray(actions) ? actions.map(toPublicAction) : actions;
}

/** An outbox payload (`{action, submission, ruleId}`) as the API shows it. */
export function toPublicPayload(payload: unknown): unknown {
  if (!isJsonObject(payload)) return payload;
  if ('action' in payload) return { ...payload, action: toPublicAction(payload['action']) };
  // A media.fetch action carries the file's decryption keys (platform spec §6.4): they stay internal.
  const reference = payload['reference'];
  if (isJsonObject(reference) && 'encryptionMetadata' in reference) return { ...payload, reference: { ...reference, encryptionMetadata: { set: true } } };
  return payload;
}

/**
 * Seals the secrets of the rules a client sent before they are stored: a new secret (a string) is
 * sealed for the workspace; `{"set": true}` keeps the secret stored for the same action: the action
 * of the same type and the same `url` among the Flow's stored rules (the one at the same place first),
 * so a kept secret can never be sent to another address. A `{"sealed": …}` from a client is refused.
 */
export function sealRuleSecrets(
  rules: readonly { readonly actions: readonly RoutingAction[] }[],
  stored: readonly { readonly actions: unknown }[],
  box: SecretBox,
  workspaceId: string,
): { ok: true; actions: unknown[][] } | { ok: false; problems: SecretProblem[] } {
  const problems: SecretProblem[] = [];
  const storedActions = stored.map((rule) => (Array.isArray(rule.actions) ? rule.actions.filter(isJsonObject) : []));
  const sealed = rules.map((rule, i) =>
    rule.actions.map((action, j) => {
      const { type } = action;
      const config: Json = action;
      const out: Json = { ...action };
      const previous = (): Json | undefined => {
        const same = (candidate: Json | undefined): candidate is Json => candidate !== undefined && candidate['type'] === type && candidate['url'] === config['url'];
        const atSamePlace = storedActions[i]?.[j];
        return same(atSamePlace) ? atSamePlace : storedActions.flat().find(same);
      };
      const sealOne = (value: unknown, keptValue: () => unknown, pointer: string): unknown => {
        if (typeof value === 'string') return { sealed: box.seal(value, workspaceId) };
        if (isSealedSecret(value)) {
          problems.push({ code: 'FLOWLINE_ROUTING_SECRET_SEALED', severity: 'error', message: 'sealed values are written by the server; send the secret, or {"set": true} to keep the stored one', pointer });
          return value;
        }
        if (isKeptSecret(value)) {
          const kept = keptValue();
          if (isSealedSecret(kept)) return kept;
          if (typeof kept === 'string' && kept !== '') return { sealed: box.seal(kept, workspaceId) };
          problems.push({ code: 'FLOWLINE_ROUTING_SECRET_NOT_KEPT', severity: 'error', message: 'there is no stored secret to keep for this action and URL; give the secret (a kept secret stays with its URL)', pointer });
        }
        return value;
      };
      for (const { key, map } of secretOptions(type)) {
        const value = config[key];
        const pointer = `/rules/${i}/actions/${j}/${key}`;
        if (value === undefined) continue;
        if (map && isJsonObject(value)) {
          out[key] = Object.fromEntries(Object.entries(value).map(([name, headerValue]) => {
            const keptMap = previous()?.[key];
            return [name, sealOne(headerValue, () => (isJsonObject(keptMap) ? keptMap[name] : undefined), `${pointer}/${name}`)];
          }));
        } else {
          out[key] = sealOne(value, () => previous()?.[key], pointer);
        }
      }
      return out;
    }),
  );
  return problems.length > 0 ? { ok: false, problems } : { ok: true, actions: sealed };
}

/** Seals the plain-text secrets left in one stored action (rows written before secrets were sealed); undefined when it holds none. */
export function sealPlainSecrets(action: unknown, box: SecretBox, workspaceId: string): Json | undefined {
  if (!isJsonObject(action)) return undefined;
  const type = typeOf(action);
  if (type === undefined) return undefined;
  let changed = false;
  const out: Json = { ...action };
  const seal = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    changed = true;
    return { sealed: box.seal(value, workspaceId) };
  };
  for (const { key, map } of secretOptions(type)) {
    const value = action[key];
    if (value === undefined) continue;
    out[key] = map && isJsonObject(value) ? Object.fromEntries(Object.entries(value).map(([name, v]) => [name, seal(v)])) : seal(value);
  }
  return changed ? out : undefined;
}

/**
 * Seals the plain secrets of rows written before secrets were sealed (the backlog of migration 0005),
 * each row in its own transaction; returns how many rows were rewritten. Runs at server start.
 */
export async function sealStoredSecrets(storage: Pick<Storage, 'secretSealing'>, box: SecretBox): Promise<number> {
  let sealed = 0;
  for (;;) {
    const rows = await storage.secretSealing.pending(100);
    if (rows.length === 0) return sealed;
    for (const row of rows) {
      const value = row.table === 'routing_rules' ? sealRuleActions(row.value, box, row.workspaceId) : sealPayload(row.value, box, row.workspaceId);
      await storage.secretSealing.complete(row, value);
      if (value !== undefined) sealed += 1;
    }
  }
}

function sealRuleActions(actions: unknown, box: SecretBox, workspaceId: string): unknown[] | undefined {
  if (!Array.isArray(actions)) return undefined;
  const sealed = actions.map((action: unknown) => sealPlainSecrets(action, box, workspaceId));
  return sealed.some((a) => a !== undefined) ? actions.map((action: unknown, i) => sealed[i] ?? action) : undefined;
}

function sealPayload(payload: unknown, box: SecretBox, workspaceId: string): Json | undefined {
  if (!isJsonObject(payload)) return undefined;
  const action = sealPlainSecrets(payload['action'], box, workspaceId);
  return action === undefined ? undefined : { ...payload, action };
}
