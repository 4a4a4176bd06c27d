import { inferExpressionType, type ExprType, type Reference } from '../../expression/index.js';
import type { RawProblem } from '../../problem.js';
import type { Rule } from '../rule.js';
import { classifySite, classifyText } from '../classify-site.js';
import { indexFlow, type ActionInfo, type ComponentInfo, type FlowIndex, type ScreenInfo } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { resolveReference, schemaType } from '../resolve-reference.js';
import { isJsonObject, type JsonObject } from '../../json/is-json-object.js';

const PICKER_MAX: ReadonlyMap<string, string> = new Map([
  ['PhotoPicker', 'max-uploaded-photos'],
  ['DocumentPicker', 'max-uploaded-documents'],
]);

/**
 * Action rules (spec §3, §5.4): `complete` only on a terminal screen's Footer; navigate targets
 * exist and differ from the source; endpoint-less navigate payloads match the target's data model;
 * media picker values only as top-level strings of `data_exchange`/`complete` payloads; `update_data`
 * keys belong to the current screen's data model.
 */
export const checkActions: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  const hasPickers = index.screens.some((s) => s.components.some((c) => PICKER_MAX.has(c.type ?? '')));
  for (const screen of index.screens) {
    for (const action of screen.actions) {
      const namePointer = joinPointer(action.pointer, 'name');
      // Where `complete` may appear (Footer only) is the schema's check (INVALID_ENUM_VALUE); this one owns terminality.
      if (action.name === 'complete' && !screen.terminal && action.host.type === 'Footer' && !action.onItem) {
        ctx.report({
          code: 'INVALID_COMPLETE_ACTION',
          severity: 'error',
          message: "On-click-action 'complete' can only be configured on a terminal screen.",
          pointer: namePointer,
        });
      }
      if (action.name === 'navigate') checkNavigate(index, screen, action, ctx.report);
      if (action.name === 'update_data') checkUpdateData(screen, action, ctx.report);
      if (hasPickers) checkPickers(index, screen, action, ctx.report);
    }
  }
};

function checkNavigate(index: FlowIndex, screen: ScreenInfo, action: ActionInfo, report: (p: RawProblem) => void): void {
  const next = action.node['next'];
  if (!isJsonObject(next) || typeof next['name'] !== 'string') return;
  const target = next['name'];
  const pointer = joinPointer(action.pointer, 'next', 'name');
  const targetScreen = index.byId.get(target);
  if (targetScreen === undefined) {
    report({ code: 'INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME', severity: 'error', message: `Unknown screen ids found: [${target}].`, pointer });
    return;
  }
  if (targetScreen === screen) {
    report({
      code: 'INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME',
      severity: 'error',
      message: `Same screen navigation is not allowed. Loop detected at [${target}].`,
      pointer,
    });
    return;
  }
  if (index.endpoint) return;
  checkNavigatePayload(index, screen, action, targetScreen, report);
}

/** Endpoint-less Flows: the payload is exactly the target screen's data (spec §3 navigate). */
function checkNavigatePayload(
  index: FlowIndex,
  screen: ScreenInfo,
  action: ActionInfo,
  target: ScreenInfo,
  report: (p: RawProblem) => void,
): void {
  const rawPayload = action.node['payload'];
  const payload: JsonObject = isJsonObject(rawPayload) ? rawPayload : {};
  const payloadPointer = joinPointer(action.pointer, 'payload');
  const keys = Object.keys(payload);
  const targetId = target.id ?? String(target.index);
  const make = (message: string, pointer = payloadPointer): RawProblem => ({
    code: 'INVALID_NAVIGATE_ACTION_PAYLOAD',
    severity: 'error',
    message,
    pointer,
  });
  if (target.data === undefined) {
    if (keys.length > 0) report(make(`No data model is defined in the next screen '${targetId}'.`));
    return;
  }
  const model = target.data;
  const extra = keys.filter((k) => !Object.hasOwn(model, k));
  if (extra.length > 0) report(make(`Following fields are missing in the next screen's data model: [${extra.join(', ')}].`));
  const missing = Object.keys(model).filter((k) => !Object.hasOwn(payload, k));
  if (missing.length > 0) report(make(`Following fields are expected in the next screen's data model but missing in payload: [${missing.join(', ')}].`));
  for (const key of keys) {
    const field = model[key];
    if (!isJsonObject(field)) continue;
    const expected = schemaType(field);
    if (expected === 'unknown') continue;
    const value = payload[key];
    const actual = valueType(index, screen, value);
    if (actual === 'unknown' || actual === expected) continue;
    const binding = typeof value === 'string' && classifyText(value).kind !== 'literal';
    report(
      make(
        binding
          ? `Schema of dynamic data '${String(value)}' is not matching schema of data model field '${key}' on screen '${targetId}'. Property is expecting '${expected}' but got '${actual}'.`
          : `Schema of payload data at '${key}' on screen '${screen.id ?? ''}' is not matching with schema of data model field on screen '${targetId}'. Property is expecting '${expected}' but got '${actual}'.`,
        joinPointer(payloadPointer, key),
      ),
    );
  }
}

/** The static type of a payload value: literal JSON type, or the type of its binding or expression. */
function valueType(index: FlowIndex, screen: ScreenInfo, value: unknown): ExprType {
  if (value === null) return 'unknown';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' || typeof value === 'boolean') return typeof value === 'number' ? 'number' : 'boolean';
  if (typeof value === 'object') return 'object';
  if (typeof value !== 'string') return 'unknown';
  const classified = classifyText(value);
  switch (classified.kind) {
    case 'literal':
      return 'string';
    case 'binding': {
      // A number TextInput is a number in expressions but Meta accepts it for string fields too.
      const resolved = resolveReference(index, screen, classified.ref);
      if (!resolved.ok || resolved.input?.node['input-type'] === 'number') return 'unknown';
      // Media picker values in navigate payloads are checkPickers' problem, not a type mismatch.
      if (PICKER_MAX.has(resolved.input?.type ?? '')) return 'unknown';
      return resolved.type;
    }
    case 'expression':
      return inferExpressionType(classified.ast, (ref: Reference): ExprType | undefined => {
        const r = resolveReference(index, screen, ref);
        return r.ok ? r.type : undefined;
      });
    case 'invalid':
      return 'unknown';
  }
}

function checkUpdateData(screen: ScreenInfo, action: ActionInfo, report: (p: RawProblem) => void): void {
  const payload = action.node['payload'];
  if (!isJsonObject(payload)) return;
  for (const key of Object.keys(payload)) {
    if (screen.data !== undefined && Object.hasOwn(screen.data, key)) continue;
    report({
      code: 'INVALID_ACTION_PAYLOAD_PROPERTY',
      severity: 'error',
      message: `The following property ${key} does not exist in the screen data model.`,
      pointer: joinPointer(action.pointer, 'payload', key),
      atKey: true,
    });
  }
}

interface PickerUse {
  readonly picker: ComponentInfo;
  readonly pointer: string;
  readonly topLevel: boolean;
}

/** Media picker values in payloads (spec §2.14). */
function checkPickers(index: FlowIndex, screen: ScreenInfo, action: ActionInfo, report: (p: RawProblem) => void): void {
  const payload = action.node['payload'];
  if (!isJsonObject(payload)) return;
  const uses: PickerUse[] = [];
  for (const site of screen.sites) {
    if (site.action !== action) continue;
    const classified = classifySite(site);
    const refs = classified.kind === 'binding' ? [classified.ref] : classified.kind === 'expression' ? classified.refs : [];
    for (const ref of refs) {
      if (ref.scope !== 'form') continue;
      const resolved = resolveReference(index, screen, ref);
      if (!resolved.ok || resolved.input === undefined) continue;
      if (!PICKER_MAX.has(resolved.input.type ?? '')) continue;
      const depth = site.pointer.slice(joinPointer(action.pointer, 'payload').length).split('/').length - 1;
      uses.push({ picker: resolved.input, pointer: site.pointer, topLevel: depth === 1 && classified.kind === 'binding' });
    }
  }
  if (uses.length === 0) return;
  const make = (message: string, pointer: string): RawProblem => ({ code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', severity: 'error', message, pointer });
  if (action.name === 'navigate') {
    for (const use of uses) {
      report(make(`The value of ${use.picker.type ?? ''} component is not allowed in the payload of navigate action.`, use.pointer));
    }
    return;
  }
  const nested = uses.filter((u) => !u.topLevel);
  for (const use of nested) {
    report(
      make(
        'The value of following components must be a top-level string in complete and data_exchange on-click-action payload: : [PhotoPicker, DocumentPicker].',
        use.pointer,
      ),
    );
  }
  if (action.name !== 'complete') return;
  const distinct = [...new Set(uses.map((u) => u.picker))];
  if (distinct.length > 1) {
    report(make('Complete action payload can contain either a single PhotoPicker or a single DocumentPicker component.', uses[1]?.pointer ?? action.pointer));
  }
  for (const picker of distinct) {
    const property = PICKER_MAX.get(picker.type ?? '') ?? '';
    const max = picker.node[property];
    const count = typeof max === 'number' ? max : 30;
    if (count > 1) {
      const use = uses.find((u) => u.picker === picker);
      report(
        make(
          `${picker.type ?? ''} can only be used in complete action payload if value of property '${property}' doesn't exceed 1. Default value is 30.`,
          use?.pointer ?? action.pointer,
        ),
      );
    }
  }
}
