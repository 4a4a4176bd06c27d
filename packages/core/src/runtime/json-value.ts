import { isJsonObject } from '../json/is-json-object.js';

/** Defensive readers for untrusted Flow JSON: the runtime must never assume a shape. */

/** The value when it is an array, otherwise an empty array. */
export function toArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a string, otherwise undefined. */
export function toStringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number read from a number or a numeric string (Meta accepts both for counts). */
export function toNumberOrUndefined(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Whether a value is empty as an answer: undefined, null, '', [] or an object with no filled field. */
export function isEmptyAnswer(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) return Object.values(value).every((v) => v === undefined || v === null || v === '');
  return false;
}
