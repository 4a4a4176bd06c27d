import { isJsonObject, ROUTING_ACTION_TYPES, routingActionOptions, type RoutingActionType, type RoutingOptionKind } from '@flowline/core';

/** An action as the form holds it: one text per configuration option of its type (the registry's options). */
export interface ActionDraft {
  readonly type: RoutingActionType;
  readonly options: Readonly<Record<string, string>>;
  /** Secret options the server holds (shown as `{"set": true}`): left empty, they are kept. */
  readonly kept?: readonly string[];
}

/** A problem of a draft, with the JSON pointer of the rule part it concerns (relative to the rule). */
export interface DraftProblem {
  readonly pointer: string;
  readonly message: string;
}

/** How the form shows and reads the options of one kind. */
export interface OptionText {
  /** The option's value as text; undefined for a secret the server holds, which is never shown. */
  toText(value: unknown): string | undefined;
  /** The option's JSON from its (non-empty, trimmed) text, or what is wrong with the text. */
  fromText(text: string, key: string): { ok: true; value: unknown } | { ok: false; message: string };
  /** The input's placeholder. */
  readonly hint: string;
  /** A secret: typed in a password input, kept when left empty. */
  readonly secret: boolean;
}

const plain = (hint: string): OptionText => ({ toText: String, fromText: (text) => ({ ok: true, value: text }), hint, secret: false });

const json = (hint: string): OptionText => ({
  toText: (value) => JSON.stringify(value),
  fromText: (text, key) => {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, message: `"${key}" must be a JSON object, e.g. {"plan": "pro"}` };
    }
  },
  hint,
  secret: false,
});

/** The text form of every option kind of the action registry. */
export const OPTION_TEXT: { readonly [K in RoutingOptionKind]: OptionText } = {
  string: plain(''),
  url: plain('https://…'),
  // A wrong integer is left as text, so core's check names the option.
  integer: { ...plain('whole number'), fromText: (text) => ({ ok: true, value: /^-?\d+$/.test(text) ? Number(text) : text }) },
  strings: { toText: (value) => (Array.isArray(value) ? value.join(', ') : String(value)), fromText: (text) => ({ ok: true, value: text.split(',').map((s) => s.trim()).filter((s) => s !== '') }), hint: 'comma-separated', secret: false },
  object: json('JSON object'),
  stringMap: json('JSON object of strings'),
  secret: { ...plain(''), toText: (value) => (typeof value === 'string' ? value : undefined), secret: true },
  secretMap: json('JSON object of header names to values; {"set": true} keeps a stored value'),
};

/** A new action of a type with empty options. */
export function newActionDraft(type: RoutingActionType): ActionDraft {
  return { type, options: {} };
}

/** Reads an action as the API lists it into a form draft; undefined for what is not an action of a known type. */
export function toActionDraft(action: unknown): ActionDraft | undefined {
  if (!isJsonObject(action)) return undefined;
  const type = ROUTING_ACTION_TYPES.find((t) => t === action['type']);
  if (type === undefined) return undefined;
  const options: Record<string, string> = {};
  const kept: string[] = [];
  for (const [key, spec] of routingActionOptions(type)) {
    const value = action[key];
    if (value === undefined) continue;
    const text = OPTION_TEXT[spec.kind].toText(value);
    if (text === undefined) kept.push(key);
    else options[key] = text;
  }
  return kept.length === 0 ? { type, options } : { type, options, kept };
}

/** Converts an action draft to the API's action JSON (checked later by core with the whole rule); text problems go to `problems`. */
export function fromActionDraft(action: ActionDraft, pointer: string, problems: DraftProblem[]): Record<string, unknown> {
  const out: Record<string, unknown> = { type: action.type };
  for (const [key, spec] of routingActionOptions(action.type)) {
    const form = OPTION_TEXT[spec.kind];
    const text = (action.options[key] ?? '').trim();
    if (text === '') {
      if (form.secret && action.kept?.includes(key) === true) out[key] = { set: true };
      continue;
    }
    const read = form.fromText(text, key);
    if (read.ok) out[key] = read.value;
    else problems.push({ pointer: `${pointer}/${key}`, message: read.message });
  }
  return out;
}
