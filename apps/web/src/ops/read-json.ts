import { isJsonObject } from '@flowline/core';

/** Small typed readers over an API body; each returns undefined when the field has another type. */
export const readJson = {
  string(value: unknown): string | undefined {
    return typeof value === 'string' ? value : undefined;
  },
  number(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  },
  boolean(value: unknown): boolean | undefined {
    return typeof value === 'boolean' ? value : undefined;
  },
  strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  },
  /** The items of a `{items}` page or a bare array. */
  items(value: unknown): readonly unknown[] {
    if (Array.isArray(value)) return value;
    if (isJsonObject(value) && Array.isArray(value['items'])) return value['items'];
    return [];
  },
  /** Reads every item of a list with `read`, dropping the ones it refuses. */
  list<T>(value: unknown, read: (item: unknown) => T | undefined): T[] {
    const out: T[] = [];
    for (const item of readJson.items(value)) {
      const parsed = read(item);
      if (parsed !== undefined) out.push(parsed);
    }
    return out;
  },
};
