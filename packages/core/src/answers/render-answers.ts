import { classifyValue } from '../expression/index.js';
import type { ComponentInfo, ScreenInfo } from '../validator/flow-index.js';
import { indexFlow } from '../validator/flow-index.js';
import { findCloudMediaReferences } from './find-media-references.js';
import { resolveReference } from '../validator/resolve-reference.js';
import { isJsonObject } from '../json/is-json-object.js';

/** How an answer is shown. */
export type AnswerKind = 'text' | 'choice' | 'choices' | 'date' | 'date-range' | 'yes-no' | 'media' | 'value';

/** One answer field in the words of the Flow version that asked it. */
export interface RenderedAnswer {
  /** The field name in the answer (the completion payload key). */
  readonly field: string;
  /** The label of the input that produced it, else the field name. */
  readonly label: string;
  /** What a person reads: option titles, not ids; dates as dates; opt-ins as Yes/No; files by name. */
  readonly text: string;
  readonly kind: AnswerKind;
  /** The field is in its screen's `sensitive` list and the reader may not see it: `text` is `••••`. */
  readonly masked: boolean;
  /** For `media`: the files as WhatsApp described them (name, type and media id; never the bytes). */
  readonly files?: readonly { readonly name: string; readonly mimeType: string | undefined; readonly id: string | undefined }[];
}

/** How to render: where dates are read, and whether the reader may see fields the Flow marks sensitive. */
export interface RenderAnswersOptions {
  /** IANA time zone for timestamps (DatePicker before Flow JSON 5.0 sends epoch milliseconds). */
  readonly timeZone: string;
  readonly showSensitive: boolean;
  /**
   * Option lists the version's endpoint sends as screen data, by data name (`urgency_options` for
   * `${data.urgency_options}`), when they are known without calling it: the static lists of a declarative
   * endpoint configuration (`staticOptionLists`).
   */
  readonly dataOptions?: ReadonlyMap<string, readonly unknown[]>;
}

const MASK = '••••';

/** What the Flow says about one completion field: the input behind it and the screen that asks it. */
interface FieldSource {
  readonly input: ComponentInfo;
  readonly sensitive: boolean;
}

/**
 * Renders a completion's answers with the Flow version's own words. Fields are listed in the order of
 * the Flow's `complete` payloads, then any other field the answer carries (e.g. an endpoint's SUCCESS
 * params) with its raw value. Pure: a document that is not a Flow renders every field as a value.
 * `flow_token` is not an answer and is left out.
 */
export function renderAnswers(flowJson: unknown, answers: unknown, options: RenderAnswersOptions): RenderedAnswer[] {
  const sources = fieldSources(flowJson);
  const values = isJsonObject(answers) ? answers : {};
  const order = [...sources.keys(), ...Object.keys(values).filter((f) => !sources.has(f))];
  const out: RenderedAnswer[] = [];
  for (const field of order) {
    if (field === 'flow_token' || !Object.hasOwn(values, field)) continue;
    const value = values[field];
    const source = sources.get(field);
    // A field no input of the Flow produced (an endpoint's SUCCESS params) is still a file list when it holds media references (§6.4).
    const rendered = source !== undefined ? renderInput(source.input, value, options) : isMediaList(value) ? mediaText(value) : { kind: 'value' as const, text: valueText(value) };
    const written = source === undefined ? undefined : textOf(source.input.node['label']);
    // A label bound to data (`${data.x}`) is known only at run time: the field name stands in.
    const label = written === undefined || written.startsWith('${') ? field : written;
    if (source?.sensitive === true && !options.showSensitive) {
      out.push({ field, label, text: MASK, kind: rendered.kind, masked: true });
    } else {
      out.push({ field, label, ...rendered, masked: false });
    }
  }
  return out;
}

/**
 * Each `complete` payload field bound to an input (`${form.x}`, `${screen.S.form.x}`), in payload order.
 * A field bound to screen data (`${data.x}`) is traced by name to the input an earlier action sent as
 * `x` (`navigate` or `data_exchange` payload bound to an input): `navigate` hands its payload over as the
 * next screen's data, and an endpoint that passes a value on keeps its name (the seeded Flows and
 * declarative endpoints do: `{"$request": "x"}`). An endpoint that renames or computes a value leaves the
 * field name as its label.
 */
function fieldSources(flowJson: unknown): Map<string, FieldSource> {
  const sources = new Map<string, FieldSource>();
  const index = indexFlow(flowJson);
  if (index === undefined) return sources;
  const sent = inputsSentByName(index);
  for (const screen of index.screens) {
    for (const action of screen.actions) {
      if (action.name !== 'complete') continue;
      const payload = action.node['payload'];
      if (!isJsonObject(payload)) continue;
      for (const [field, bound] of Object.entries(payload)) {
        if (sources.has(field) || typeof bound !== 'string') continue;
        const classified = classifyValue(bound);
        if (classified.kind !== 'binding') continue;
        const resolved = resolveReference(index, screen, classified.ref);
        if (!resolved.ok) continue;
        const input = resolved.input ?? (classified.ref.scope === 'data' && classified.ref.path.length === 1 ? sent.get(classified.ref.path[0] ?? '') : undefined);
        if (input === undefined) continue;
        sources.set(field, { input, sensitive: isSensitive(input.screen, input) });
      }
    }
  }
  return sources;
}

/** The inputs sent under each payload key by the Flow's `navigate` and `data_exchange` actions (the first one per key). */
function inputsSentByName(index: NonNullable<ReturnType<typeof indexFlow>>): Map<string, ComponentInfo> {
  const sent = new Map<string, ComponentInfo>();
  for (const screen of index.screens) {
    for (const action of screen.actions) {
      if (action.name !== 'navigate' && action.name !== 'data_exchange') continue;
      const payload = action.node['payload'];
      if (!isJsonObject(payload)) continue;
      for (const [key, bound] of Object.entries(payload)) {
        if (sent.has(key) || typeof bound !== 'string') continue;
        const classified = classifyValue(bound);
        if (classified.kind !== 'binding' || classified.ref.scope !== 'form') continue;
        const resolved = resolveReference(index, screen, classified.ref);
        if (resolved.ok && resolved.input !== undefined) sent.set(key, resolved.input);
      }
    }
  }
  return sent;
}

function isSensitive(screen: ScreenInfo, input: ComponentInfo): boolean {
  const list = screen.node['sensitive'];
  return Array.isArray(list) && input.name !== undefined && list.includes(input.name);
}

function renderInput(input: ComponentInfo, value: unknown, options: RenderAnswersOptions): Pick<RenderedAnswer, 'kind' | 'text' | 'files'> {
  const { timeZone } = options;
  const titleOf = (option: ComponentInfo, id: unknown) => optionTitle(option, id, options.dataOptions);
  switch (input.type) {
    case 'Dropdown':
    case 'RadioButtonsGroup':
      return { kind: 'choice', text: titleOf(input, value) };
    case 'CheckboxGroup':
    case 'ChipsSelector':
      return Array.isArray(value) ? { kind: 'choices', text: value.map((v) => titleOf(input, v)).join(', ') } : { kind: 'value', text: valueText(value) };
    case 'OptIn':
      return typeof value === 'boolean' ? { kind: 'yes-no', text: value ? 'Yes' : 'No' } : { kind: 'value', text: valueText(value) };
    case 'DatePicker':
      return { kind: 'date', text: dateText(value, timeZone) };
    case 'CalendarPicker':
      if (isJsonObject(value) && ('start_date' in value || 'end_date' in value)) {
        return { kind: 'date-range', text: `${dateText(value['start_date'], timeZone)} – ${dateText(value['end_date'], timeZone)}` };
      }
      return Array.isArray(value) ? { kind: 'date', text: value.map((v) => dateText(v, timeZone)).join(', ') } : { kind: 'date', text: dateText(value, timeZone) };
    case 'PhotoPicker':
    case 'DocumentPicker':
      return mediaText(value);
    default:
      return { kind: 'text', text: valueText(value) };
  }
}

/**
 * The title of a chosen option: from the options written in the Flow; for options bound to screen data
 * (`${data.x}`, filled by the endpoint), from the endpoint's static list of `x` when one is known. The id
 * itself otherwise: what an endpoint sent at run time is not kept with the answer, and the data's
 * `__example__` is a designer's stand-in, not necessarily the real titles.
 */
function optionTitle(input: ComponentInfo, id: unknown, dataOptions: ReadonlyMap<string, readonly unknown[]> | undefined): string {
  const source = input.node['data-source'];
  const options = Array.isArray(source) ? source : typeof source === 'string' ? boundOptions(source, dataOptions) : undefined;
  if (options !== undefined) {
    for (const option of options) {
      if (isJsonObject(option) && option['id'] === id && typeof option['title'] === 'string') return option['title'];
    }
  }
  return valueText(id);
}

/** The options an options binding (`${data.x}`) reads, when the endpoint's static list of `x` is known. */
function boundOptions(binding: string, dataOptions: ReadonlyMap<string, readonly unknown[]> | undefined): readonly unknown[] | undefined {
  if (dataOptions === undefined) return undefined;
  const classified = classifyValue(binding);
  if (classified.kind !== 'binding' || classified.ref.scope !== 'data' || classified.ref.screen !== undefined || classified.ref.path.length !== 1) return undefined;
  return dataOptions.get(classified.ref.path[0] ?? '');
}

/** `YYYY-MM-DD` (Flow JSON 5.0+) as written; epoch milliseconds (earlier versions) as the date in `timeZone`. */
function dateText(value: unknown, timeZone: string): string {
  const ms = typeof value === 'number' ? value : typeof value === 'string' && /^\d{10,14}$/.test(value) ? Number(value) : undefined;
  if (ms === undefined) return valueText(value);
  try {
    // en-CA formats as YYYY-MM-DD: the same shape as the dates of newer Flow versions.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

function mediaText(value: unknown): Pick<RenderedAnswer, 'kind' | 'text' | 'files'> {
  const items = Array.isArray(value) ? value : isJsonObject(value) ? [value] : [];
  const files = items.filter(isJsonObject).map((item) => ({
    name: textOf(item['file_name']) ?? textOf(item['id']) ?? textOf(item['media_id']) ?? 'file',
    mimeType: textOf(item['mime_type']),
    id: textOf(item['id']) ?? textOf(item['media_id']),
  }));
  if (files.length === 0) return { kind: 'media', text: 'no file', files };
  return { kind: 'media', text: `${files.length === 1 ? '1 file' : `${files.length} files`}: ${files.map((f) => f.name).join(', ')}`, files };
}

/**
 * A media reference (or a list of them): platform spec §6.4's `media_id` with a `cdn_url`, a file
 * Flowline holds (the sandbox phone's uploads), `media_id` with a `file_name` and no `cdn_url`, or a
 * Cloud API media id of §6.3 (`id` and `sha256` with a `file_name` or `mime_type`).
 */
function isMediaList(value: unknown): boolean {
  const items = Array.isArray(value) ? value : [value];
  return items.length > 0 && items.every((item) => isJsonObject(item) && (
    (typeof item['media_id'] === 'string' && (typeof item['cdn_url'] === 'string' || typeof item['file_name'] === 'string'))
    || findCloudMediaReferences({ item }).length === 1
  ));
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/**
 * The static option lists of a declarative endpoint configuration (docs/endpoint.md): every
 * `"name": {"$source": {"kind": "static", "items": [...]}}` it holds, by name. The first list of a name wins.
 */
export function staticOptionLists(endpointConfig: unknown): Map<string, readonly unknown[]> {
  const lists = new Map<string, readonly unknown[]>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 32) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    if (!isJsonObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const source = isJsonObject(value) ? value['$source'] : undefined;
      if (isJsonObject(source) && source['kind'] === 'static' && Array.isArray(source['items'])) {
        if (!lists.has(key)) lists.set(key, source['items']);
      } else {
        visit(value, depth + 1);
      }
    }
  };
  visit(endpointConfig, 0);
  return lists;
}
