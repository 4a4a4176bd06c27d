import { isJsonObject, type JsonObject, type RenderedComponent, type RenderedFooter, type RenderedOption, type RenderedScreen, type RuntimeStatus } from '@flowline/core';
import { readJson } from '../read-json.js';

const STATUSES: ReadonlySet<string> = new Set<RuntimeStatus['kind']>(['active', 'waiting', 'completed', 'closed']);

function isStatus(value: unknown): value is RuntimeStatus['kind'] {
  return typeof value === 'string' && STATUSES.has(value);
}

/** A string, `undefined` when absent or null; `null` marks a field of another type (the screen is refused). */
function optionalString(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : null;
}

function toOption(value: unknown): RenderedOption | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  const title = readJson.string(value['title']);
  const enabled = readJson.boolean(value['enabled']);
  const selected = readJson.boolean(value['selected']);
  const texts = [value['description'], value['metadata'], value['image'], value['altText']].map(optionalString);
  if (id === undefined || title === undefined || enabled === undefined || selected === undefined || texts.includes(null)) return undefined;
  const [description, metadata, image, altText] = texts;
  return { id, title, description: description ?? undefined, metadata: metadata ?? undefined, image: image ?? undefined, altText: altText ?? undefined, enabled, selected };
}

function toComponent(value: unknown): RenderedComponent | undefined {
  if (!isJsonObject(value)) return undefined;
  const type = readJson.string(value['type']);
  const pointer = readJson.string(value['pointer']);
  const visible = readJson.boolean(value['visible']);
  const enabled = readJson.boolean(value['enabled']);
  const hasAction = readJson.boolean(value['hasAction']);
  const name = optionalString(value['name']);
  const display = optionalString(value['display']);
  const error = optionalString(value['error']);
  const props: JsonObject | undefined = value['props'] === undefined ? {} : isJsonObject(value['props']) ? value['props'] : undefined;
  if (type === undefined || pointer === undefined || visible === undefined || enabled === undefined || hasAction === undefined || props === undefined || name === null || display === null || error === null) return undefined;
  let options: RenderedOption[] | undefined;
  if (Array.isArray(value['options'])) {
    options = [];
    for (const item of value['options']) {
      const option = toOption(item);
      if (option === undefined) return undefined;
      options.push(option);
    }
  } else if (value['options'] !== undefined && value['options'] !== null) return undefined;
  return { type, pointer, name, visible, enabled, props, value: value['value'], display, error, options, hasAction };
}

function toFooter(value: unknown): RenderedFooter | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) return null;
  const label = readJson.string(value['label']);
  const enabled = readJson.boolean(value['enabled']);
  const captions = [value['leftCaption'], value['centerCaption'], value['rightCaption']].map(optionalString);
  if (label === undefined || enabled === undefined || captions.includes(null)) return null;
  const [leftCaption, centerCaption, rightCaption] = captions;
  return { label, enabled, leftCaption: leftCaption ?? undefined, centerCaption: centerCaption ?? undefined, rightCaption: rightCaption ?? undefined };
}

/**
 * Reads core's render model (`RenderedScreen`) from an API body — the sandbox phone's screen is drawn
 * by the server's runtime and arrives as JSON, where `undefined` fields are absent. Anything of
 * another shape is refused (undefined) rather than drawn.
 */
export function toRenderedScreen(value: unknown): RenderedScreen | undefined {
  if (!isJsonObject(value) || !Array.isArray(value['components'])) return undefined;
  const id = readJson.string(value['id']);
  const terminal = readJson.boolean(value['terminal']);
  const canGoBack = readJson.boolean(value['canGoBack']);
  const status = value['status'];
  const title = optionalString(value['title']);
  const notice = optionalString(value['notice']);
  const footer = toFooter(value['footer']);
  if (id === undefined || terminal === undefined || canGoBack === undefined || !isStatus(status) || title === null || notice === null || footer === null) return undefined;
  const components: RenderedComponent[] = [];
  for (const item of value['components']) {
    const component = toComponent(item);
    if (component === undefined) return undefined;
    components.push(component);
  }
  return { id, title, terminal, components, footer, notice, canGoBack, status };
}
