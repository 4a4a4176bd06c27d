// Readers of the `/api/v1/whatsapp/...` and `/api/v1/flows/{flowId}/whatsapp/...` answers (docs/whatsapp.md).
// Tolerant: a missing or odd field becomes undefined, never a thrown error.
import { isJsonObject } from '@flowline/core';
import { str } from '../json-fields.js';

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The workspace's connection as `GET /whatsapp/connection` shows it: ids, and only whether each secret is set. */
export interface ConnectionView {
  readonly configured: boolean;
  readonly source: 'api' | 'environment' | undefined;
  readonly wabaId: string | undefined;
  readonly phoneNumberId: string | undefined;
  readonly graphBaseUrl: string | undefined;
  readonly graphApiVersion: string | undefined;
  readonly secrets: { readonly accessToken: boolean; readonly appSecret: boolean; readonly webhookVerifyToken: boolean };
  readonly keyStatus: string | undefined;
  readonly updatedAt: number | undefined;
}

export function toConnectionView(body: unknown): ConnectionView {
  const value = isJsonObject(body) ? body : {};
  const secrets = isJsonObject(value['secrets']) ? value['secrets'] : {};
  const source = value['source'];
  return {
    configured: value['configured'] === true,
    source: source === 'api' || source === 'environment' ? source : undefined,
    wabaId: str(value['wabaId']),
    phoneNumberId: str(value['phoneNumberId']),
    graphBaseUrl: str(value['graphBaseUrl']),
    graphApiVersion: str(value['graphApiVersion']),
    secrets: { accessToken: secrets['accessToken'] === true, appSecret: secrets['appSecret'] === true, webhookVerifyToken: secrets['webhookVerifyToken'] === true },
    keyStatus: isJsonObject(value['publicKey']) ? str(value['publicKey']['signatureStatus']) : undefined,
    updatedAt: num(value['updatedAt']),
  };
}

/** One verdict of `POST /whatsapp/connection/check`. */
export interface ConnectionCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

const CHECK_LABELS: Readonly<Record<string, string>> = { token: 'Access token', waba: 'WhatsApp Business Account', phone_number: 'Phone number', public_key: 'Endpoint public key' };

/** The plain name of a check (`phone_number` → "Phone number"). */
export function checkLabel(name: string): string {
  return CHECK_LABELS[name] ?? name;
}

export function toChecks(body: unknown): { ok: boolean; checks: ConnectionCheck[] } {
  const value = isJsonObject(body) ? body : {};
  const checks = list(value['checks']).filter(isJsonObject).map((c) => ({ name: str(c['name']) ?? '?', ok: c['ok'] === true, message: str(c['message']) ?? '' }));
  return { ok: value['ok'] === true, checks };
}

/** The key registered for the phone number on Meta. */
export interface KeyStatus {
  readonly signatureStatus: string | undefined;
  readonly matches: boolean;
}

export function toKeyStatus(body: unknown): KeyStatus {
  const value = isJsonObject(body) ? body : {};
  return { signatureStatus: str(value['signatureStatus']), matches: value['matches'] === true };
}

/** The endpoint keys in force (`GET /whatsapp/keys/rotation`, `rotation` of `POST /whatsapp/keys/rotate`): names and times only. */
export interface KeyRotation {
  readonly current: string | undefined;
  /** A rotation under way (or interrupted). */
  readonly staged: string | undefined;
  /** Previous keys that still decrypt, with the end of their grace period (ISO time). */
  readonly previous: readonly { readonly fingerprint: string; readonly retiresAt: string }[];
  readonly graceHours: number | undefined;
}

/** Reads the endpoint key ring view. */
export function toKeyRotation(body: unknown): KeyRotation {
  const value = isJsonObject(body) ? body : {};
  const current = isJsonObject(value['current']) ? str(value['current']['fingerprint']) : undefined;
  const staged = isJsonObject(value['staged']) ? str(value['staged']['fingerprint']) : undefined;
  const previous = list(value['previous']).flatMap((p) => {
    if (!isJsonObject(p)) return [];
    const fingerprint = str(p['fingerprint']);
    const retiresAt = str(p['retiresAt']);
    return fingerprint === undefined || retiresAt === undefined ? [] : [{ fingerprint, retiresAt }];
  });
  return { current, staged, previous, graceHours: num(value['graceHours']) };
}

/** One of Meta's validation_errors (platform spec §3), or one of Flowline's problems, placed at a line and column. */
export interface PlacedError {
  readonly code: string;
  readonly message: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** Meta's `validation_errors` items (`error`, `message`, `line_start`, `column_start`…). */
export function toMetaErrors(value: unknown): PlacedError[] {
  return list(value).filter(isJsonObject).map((e) => ({ code: str(e['error']) ?? str(e['error_type']) ?? 'ERROR', message: str(e['message']) ?? '', line: num(e['line_start']), column: num(e['column_start']) }));
}

/** Flowline's own problems as the push route answers them (`code`, `message`, `line`, `column`). */
export function toFlowlineErrors(value: unknown): PlacedError[] {
  return list(value).filter(isJsonObject).map((e) => ({ code: str(e['code']) ?? 'ERROR', message: str(e['message']) ?? '', line: num(e['line']), column: num(e['column']) }));
}

/** "line 9, column 16", or "—" when the error has no place. */
export function placeText(error: PlacedError): string {
  if (error.line === undefined) return '—';
  return error.column === undefined ? `line ${error.line}` : `line ${error.line}, column ${error.column}`;
}

/** One Meta Flow a Flowline Flow was pushed to. */
export interface MetaFlowView {
  readonly graphFlowId: string;
  readonly name: string;
  readonly status: string;
  readonly version: number | undefined;
  readonly validationErrors: PlacedError[];
  readonly health: unknown;
  readonly updatedAt: number | undefined;
  /** Set when a newer version replaced it while customers were still in it (deprecated on Meta once they are done). */
  readonly retiringAt: number | undefined;
  /** The customers still in a retiring Meta Flow (its open sends). */
  readonly openSends: number | undefined;
  /** The translated language whose build it carries; undefined for the Flow's source build (docs/localization.md). */
  readonly language: string | undefined;
}

/** The status shown for a Meta Flow: Meta's, or "retiring (N customers still in it)" while it retires. */
export function metaStatusText(meta: MetaFlowView): string {
  if (meta.retiringAt === undefined) return meta.status;
  const n = meta.openSends ?? 0;
  return `retiring (${n} ${n === 1 ? 'customer' : 'customers'} still in it)`;
}

function toMetaFlow(value: unknown): MetaFlowView | undefined {
  if (!isJsonObject(value)) return undefined;
  const graphFlowId = str(value['graphFlowId']);
  if (graphFlowId === undefined) return undefined;
  return {
    graphFlowId, name: str(value['name']) ?? graphFlowId, status: str(value['status']) ?? 'UNKNOWN', version: num(value['version']),
    validationErrors: toMetaErrors(value['validationErrors']), health: value['health'], updatedAt: num(value['updatedAt']),
    retiringAt: num(value['retiringAt']), openSends: num(value['openSends']), language: str(value['language']),
  };
}

/** One language of a Flow on Meta: its own Meta Flow, and what sends in it open now (its own, else the fallback's or the source's). */
export interface LanguageOnMetaView {
  readonly language: string;
  readonly source: boolean;
  readonly current: MetaFlowView | undefined;
  readonly sendsOpen: { readonly graphFlowId: string | undefined; readonly language: string | undefined };
}

function toLanguageOnMeta(value: unknown): LanguageOnMetaView | undefined {
  if (!isJsonObject(value)) return undefined;
  const language = str(value['language']);
  if (language === undefined) return undefined;
  const opens = isJsonObject(value['sendsOpen']) ? value['sendsOpen'] : {};
  return { language, source: value['source'] === true, current: toMetaFlow(value['current']), sendsOpen: { graphFlowId: str(opens['graphFlowId']), language: str(opens['language']) } };
}

/** A health alert from the `flows` webhook that Meta has not deactivated. */
export interface FlowAlert {
  readonly id: string;
  readonly graphFlowId: string;
  readonly event: string;
  readonly alertState: string | undefined;
  readonly message: string | undefined;
  readonly at: number | undefined;
}

/** `GET /flows/{flowId}/whatsapp`: the Meta Flow sends use, the history of Meta ids, active alerts, and why sends are refused. */
export interface FlowOnMeta {
  readonly current: MetaFlowView | undefined;
  readonly history: MetaFlowView[];
  readonly alerts: FlowAlert[];
  readonly sendRefusal: string | undefined;
  readonly findings: number;
  /** Each language's Meta Flow (source first), when the Flow has languages. */
  readonly languages: LanguageOnMetaView[];
}

export function toFlowOnMeta(body: unknown): FlowOnMeta {
  const value = isJsonObject(body) ? body : {};
  return {
    current: toMetaFlow(value['current']),
    history: list(value['history']).map(toMetaFlow).filter((m): m is MetaFlowView => m !== undefined),
    alerts: list(value['alerts']).filter(isJsonObject).map((a) => ({
      id: str(a['id']) ?? '', graphFlowId: str(a['graphFlowId']) ?? '', event: str(a['event']) ?? '', alertState: str(a['alertState']), message: str(a['message']), at: num(a['at']),
    })),
    sendRefusal: str(value['sendRefusal']),
    findings: list(value['findings']).length,
    languages: list(value['languages']).map(toLanguageOnMeta).filter((l): l is LanguageOnMetaView => l !== undefined),
  };
}

/** Meta's `health_status`: whether the phone number can send the Flow, and why not per entity. */
export interface HealthView {
  readonly canSend: string | undefined;
  readonly reasons: string[];
}

export function toHealth(value: unknown): HealthView {
  const health = isJsonObject(value) ? value : {};
  const reasons: string[] = [];
  for (const entity of list(health['entities']).filter(isJsonObject)) {
    for (const error of list(entity['errors']).filter(isJsonObject)) {
      const what = [str(error['error_description']), str(error['possible_solution'])].filter((t) => t !== undefined).join(' — ');
      reasons.push(`${str(entity['entity_type']) ?? 'entity'} ${str(entity['id']) ?? ''}: ${what}`.replace(/\s+:/, ':'));
    }
  }
  return { canSend: str(health['can_send_message']), reasons };
}

/** A message template with a FLOW button and Meta's review status. */
export interface TemplateView {
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly status: string;
  readonly reason: string | undefined;
  readonly flowId: string;
  readonly graphFlowId: string;
  /** The language of the Flow build its FLOW button opens (undefined when the Flow has no languages). */
  readonly flowLanguage: string | undefined;
}

export function toTemplates(body: unknown): TemplateView[] {
  const value = isJsonObject(body) ? body : {};
  return list(value['items']).filter(isJsonObject).map((t) => ({
    name: str(t['name']) ?? '', language: str(t['language']) ?? '', category: str(t['category']) ?? '', status: str(t['status']) ?? 'UNKNOWN',
    reason: str(t['reason']), flowId: str(t['flowId']) ?? '', graphFlowId: str(t['graphFlowId']) ?? '', flowLanguage: str(t['flowLanguage']),
  }));
}

/** One entry of `GET /whatsapp/alerts` (the dashboard): an active Meta alert, or a THROTTLED / BLOCKED Flow. */
export interface WorkspaceAlertView {
  readonly flowId: string;
  readonly graphFlowId: string;
  readonly kind: 'alert' | 'status';
  readonly event: string;
  readonly alertState: string | undefined;
  readonly message: string | undefined;
  readonly at: number | undefined;
}

export function toWorkspaceAlerts(body: unknown): WorkspaceAlertView[] {
  const value = isJsonObject(body) ? body : {};
  return list(value['items']).filter(isJsonObject).map((a) => ({
    flowId: str(a['flowId']) ?? '', graphFlowId: str(a['graphFlowId']) ?? '', kind: a['kind'] === 'status' ? 'status' as const : 'alert' as const,
    event: str(a['event']) ?? '', alertState: str(a['alertState']), message: str(a['message']), at: num(a['at']),
  })).filter((a) => a.flowId !== '');
}

/** A Flow on the WABA that no Flowline Flow is linked to (`GET /whatsapp/flows`, state meta_only): linkable. */
export interface LinkableMetaFlow {
  readonly graphFlowId: string;
  readonly name: string;
  readonly status: string;
}

export function toLinkableMetaFlows(body: unknown): LinkableMetaFlow[] {
  const value = isJsonObject(body) ? body : {};
  return list(value['items']).filter(isJsonObject).filter((f) => f['state'] === 'meta_only').map((f) => ({
    graphFlowId: str(f['graphFlowId']) ?? '', name: str(f['name']) ?? '', status: str(f['status']) ?? 'UNKNOWN',
  })).filter((f) => f.graphFlowId !== '');
}

/** The screen ids of a Flow JSON text, in order (the FLOW button's navigate_screen choices); empty when it is not JSON. */
export function screenIdsOf(flowJson: string | undefined): string[] {
  if (flowJson === undefined) return [];
  try {
    const doc: unknown = JSON.parse(flowJson);
    return isJsonObject(doc) ? list(doc['screens']).filter(isJsonObject).map((s) => str(s['id'])).filter((id): id is string => id !== undefined) : [];
  } catch {
    return [];
  }
}
