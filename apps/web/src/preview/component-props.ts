import { isJsonObject, type JsonObject, type RenderedComponent, type RuntimeEvent } from '@flowline/core';

/** What every drawn component receives: its render model and the way to send the customer's events. */
export interface ComponentViewProps {
  readonly component: RenderedComponent;
  readonly onEvent: (event: RuntimeEvent) => void;
  /** Unique prefix for element ids (labels point at inputs). */
  readonly idPrefix: string;
  /**
   * Where a PhotoPicker's or DocumentPicker's chosen files go when they are really sent (the sandbox
   * phone uploads them and fills the picker with the references). Absent in the editor's preview, which
   * only records their names, types and sizes: nothing leaves the browser.
   */
  readonly onPickFiles?: ((component: RenderedComponent, files: readonly File[]) => void) | undefined;
}

/** A string property of a rendered component, if it is one. */
export function text(component: RenderedComponent, key: string): string | undefined {
  const value = component.props[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A record property (for example CalendarPicker's range `label`). */
export function record(component: RenderedComponent, key: string): JsonObject | undefined {
  const value = component.props[key];
  return isJsonObject(value) ? value : undefined;
}

/** An array property. */
export function list(component: RenderedComponent, key: string): readonly unknown[] {
  const value = component.props[key];
  return Array.isArray(value) ? value : [];
}

/** Whether an input is required (WhatsApp marks optional inputs; required ones carry no mark). */
export function isRequired(component: RenderedComponent): boolean {
  return component.props['required'] === true;
}

/** An image `src` as WhatsApp takes it (base64 without prefix) turned into a data URL. */
export function toImageUrl(src: string | undefined): string | undefined {
  if (src === undefined || src === '') return undefined;
  if (src.startsWith('data:') || src.startsWith('http://') || src.startsWith('https://')) return src;
  const kind = src.startsWith('/9j/') ? 'jpeg' : src.startsWith('R0lG') ? 'gif' : src.startsWith('UklG') ? 'webp' : 'png';
  return `data:image/${kind};base64,${src}`;
}

/** Dates in the form are `YYYY-MM-DD` (5.0+) or a ms timestamp string (before 5.0): to `YYYY-MM-DD`. */
export function toIsoDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (/^\d+$/.test(value)) return new Date(Number(value)).toISOString().slice(0, 10);
  return '';
}

/** Same as `toIsoDate` for a bound date property (min-date, max-date). */
export function dateBound(component: RenderedComponent, key: string): string | undefined {
  const iso = toIsoDate(component.props[key]);
  return iso === '' ? undefined : iso;
}
