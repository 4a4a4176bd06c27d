import type { PropertySpec } from './property-spec.js';
import { compareVersions } from './compare-versions.js';

const cache = new WeakMap<PropertySpec, Map<string, PropertySpec>>();

/**
 * The shape of a property at a Flow JSON version: its `changes` up to that version applied, and
 * `required` set when it is required there (`requiredSince`). Results are cached per spec and version.
 */
export function resolvePropertyAt(spec: PropertySpec, version: string): PropertySpec {
  if (spec.changes === undefined && spec.requiredSince === undefined) return spec;
  let byVersion = cache.get(spec);
  if (byVersion === undefined) {
    byVersion = new Map();
    cache.set(spec, byVersion);
  }
  const cached = byVersion.get(version);
  if (cached !== undefined) return cached;
  let resolved: PropertySpec = spec;
  for (const change of spec.changes ?? []) {
    if (compareVersions(version, change.since) >= 0) {
      const { since: _since, ...override } = change;
      resolved = { ...resolved, ...override };
    }
  }
  if (spec.requiredSince !== undefined && compareVersions(version, spec.requiredSince) >= 0) resolved = { ...resolved, required: true };
  byVersion.set(version, resolved);
  return resolved;
}

/** Whether something introduced in `since` (and, if given, last accepted in `until`) exists at `version`. */
export function isAvailableAt(version: string, since: string | undefined, until?: string): boolean {
  if (since !== undefined && compareVersions(version, since) < 0) return false;
  return until === undefined || compareVersions(version, until) <= 0;
}
