import { classifyValue } from '../expression/index.js';
import type { ComponentInfo, ScreenInfo } from '../validator/flow-index.js';
import { indexFlow } from '../validator/flow-index.js';
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
    const rendered = source !== undefined ? renderInput(source.input, value, options.timeZone) : isMediaList(value) ? mediaText(value) : { kind: 'value' as const, text: valueText(value) };
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

/** Each `complete` payload field bound to an input (`${form.x}`, `${screen.S.form.x}`), in payload order. */
function fieldSources(flowJson: unknown): Map<string, FieldSource> {
  const sources = new Map<string, FieldSource>();
  const index = indexFlow(flowJson);
  if (index === undefined) return sources;
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
        if (!resolved.ok || resolved.input === undefined) continue;
        sources.set(field, { input: resolved.input, sensitive: isSensitive(resolved.input.screen, resolved.input) });
      }
    }
  }
  return sources;
}

function isSensitive(screen: ScreenInfo, input: ComponentInfo): boolean {
  const list = screen.node['sensitive'];
  return Array.isArray(list) && input.name !== undefined && list.includes(input.name);
}

function renderInput(input: ComponentInfo, value: unknown, timeZone: string): Pick<RenderedAnswer, 'kind' | 'text' | 'files'> {
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

/** The title of a chosen option when the options are written in the Flow; the id itself otherwise (options from data or the endpoint). */
function titleOf(input: ComponentInfo, id: unknown): string {
  const source = input.node['data-source'];
  if (Array.isArray(source)) {
    for (const option of source) {
      if (isJsonObject(option) && option['id'] === id && typeof option['title'] === 'string') return option['title'];
    }
  }
  return valueText(id);
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
 * A media reference (or a list of them): platform spec §6.4's `media_id` with a `cdn_url`, or a file
 * Flowline holds (the sandbox phone's uploads), `media_id` with a `file_name` and no `cdn_url`.
 */
function isMediaList(value: unknown): boolean {
  const items = Array.isArray(value) ? value : [value];
  return items.length > 0 && items.every((item) => isJsonObject(item) && typeof item['media_id'] === 'string' && (typeof item['cdn_url'] === 'string' || typeof item['file_name'] === 'string'));
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
