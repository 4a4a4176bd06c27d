import { classifyValue, type DynamicValue } from '../expression/index.js';
import type { DynamicSite } from './flow-index.js';

/** `classifyValue` of a site's string, computed once per site (several rules read every site). */
export function classifySite(site: DynamicSite): DynamicValue {
  if (site.classified === undefined) site.classified = classifyValue(site.value);
  return site.classified;
}

const byText = new Map<string, DynamicValue>();
/** Bounds the memo of `classifyText`; it is cleared when full. */
const MAX_MEMO = 4096;

/** `classifyValue` of a string outside the index's sites, memoised (the same bindings recur across rules). */
export function classifyText(value: string): DynamicValue {
  let result = byText.get(value);
  if (result === undefined) {
    if (byText.size >= MAX_MEMO) byText.clear();
    result = classifyValue(value);
    byText.set(value, result);
  }
  return result;
}
