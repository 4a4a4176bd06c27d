import type { ActionAllowance } from '../../model/index.js';
import { ACTIONS, isAvailableAt } from '../../model/index.js';
import { checkObject, jsonTypeOf } from './check-value.js';
import { childPointer, pointerToPath, type SchemaWalker } from './schema-walker.js';
import type { JsonObject } from '../../json/is-json-object.js';

/** Checks an action object on a trigger property: its name is allowed there at this version, then its keys (spec §3). */
export function checkAction(w: SchemaWalker, action: JsonObject, allowed: readonly ActionAllowance[], pointer: string, trigger: string): void {
  const name = action['name'];
  const namePointer = childPointer(pointer, 'name');
  if (name === undefined) {
    w.error('MISSING_REQUIRED_TYPE_PROPERTY', pointer, `Required property 'name' is missing at '${trigger}'.`);
    return;
  }
  if (typeof name !== 'string') {
    w.error('INVALID_PROPERTY_TYPE', namePointer, `Expected property '${pointerToPath(namePointer)}' to be of type 'string', but found '${jsonTypeOf(name)}'.`);
    return;
  }
  const available = availableActions(allowed, w.version);
  if (!available.includes(name)) {
    const later = allowed.find((a) => a.name === name);
    const hint = later === undefined ? '' : ` Action '${name}' is only available on '${trigger}' from Flow JSON version '${later.since}'.`;
    w.error('INVALID_ENUM_VALUE', namePointer, `Value should be one of: [${available.join(', ')}].${hint}`);
    return;
  }
  const spec = Object.hasOwn(ACTIONS, name) ? ACTIONS[name as keyof typeof ACTIONS] : undefined; // key checked just before
  if (spec !== undefined) checkObject(w, action, spec.properties, pointer, `action '${name}'`, 'name');
}

const availableCache = new Map<string, WeakMap<readonly ActionAllowance[], readonly string[]>>();

// The action names a trigger accepts at a version, computed once per trigger list and version.
function availableActions(allowed: readonly ActionAllowance[], version: string): readonly string[] {
  let byList = availableCache.get(version);
  if (byList === undefined) {
    byList = new WeakMap();
    availableCache.set(version, byList);
  }
  let names = byList.get(allowed);
  if (names === undefined) {
    names = allowed.filter((a) => isAvailableAt(version, a.since)).map((a) => a.name);
    byList.set(allowed, names);
  }
  return names;
}
