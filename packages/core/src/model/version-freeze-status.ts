import { findFlowJsonVersion } from './flow-json-versions.js';

const DAY_MS = 86_400_000;

/** Where a Flow JSON version stands against Meta's freeze schedule on a given day. */
export type VersionFreezeStatus =
  | { readonly kind: 'frozen'; readonly version: string; readonly frozenOn: string | undefined }
  | { readonly kind: 'freezing'; readonly version: string; readonly frozenOn: string; readonly daysLeft: number };

/**
 * Whether `version` is frozen (no longer publishable) or has an announced freeze date still ahead, on `now`
 * (passed in: the core has no clock). Without `now`, a version marked frozen counts as frozen. Undefined for
 * publishable versions without an announced freeze and for unknown versions.
 */
export function findVersionFreezeStatus(version: string, now?: Date): VersionFreezeStatus | undefined {
  const info = findFlowJsonVersion(version);
  if (info === undefined) return undefined;
  const frozenOn = info.frozenOn === undefined ? undefined : Date.parse(info.frozenOn);
  const at = now?.getTime();
  if (info.status === 'frozen' && (frozenOn === undefined || at === undefined || frozenOn <= at)) {
    return { kind: 'frozen', version, frozenOn: info.frozenOn };
  }
  if (info.frozenOn !== undefined && frozenOn !== undefined && at !== undefined && frozenOn > at) {
    return { kind: 'freezing', version, frozenOn: info.frozenOn, daysLeft: Math.ceil((frozenOn - at) / DAY_MS) };
  }
  return undefined;
}
