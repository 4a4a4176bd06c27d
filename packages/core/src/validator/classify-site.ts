import { classifyValue, type DynamicValue } from '../expression/index.js';
import type { DynamicSite } from './flow-index.js';

const classified = new WeakMap<DynamicSite, DynamicValue>();

/** `classifyValue` of a site's string, computed once per site (several rules read every site). */
export function classifySite(site: DynamicSite): DynamicValue {
  let value = classified.get(site);
  if (value === undefined) {
    value = classifyValue(site.value);
    classified.set(site, value);
  }
  return value;
}
