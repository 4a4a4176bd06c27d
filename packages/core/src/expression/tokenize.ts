import { errorAt, MESSAGES, type ExpressionError } from './expression-error.js';
import { parseReference, type Reference } from './reference.js';

/** Which grammar is being read: If conditions (v4.0) or backtick nested expressions (v6.0+). */
export type Grammar = 'condition' | 'nested';

/** One lexical token with its 0-based span in the source. */
export type Token =
  | { readonly type: 'ref'; readonly ref: Reference; readonly text: string; readonly start: number; readonly end: number }
  | { readonly type: 'string'; readonly value: string; readonly text: string; readonly start: number; readonly end: number }
  | { readonly type: 'number'; readonly value: number; readonly text: string; readonly start: number; readonly end: number }
  | { readonly type: 'boolean'; readonly value: boolean; readonly text: string; readonly start: number; readonly end: number }
  | { readonly type: 'operator'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly type: '('; readonly text: string; readonly start: number; readonly end: number }
  | { readonly type: ')'; readonly text: string; readonly start: number; readonly end: number };

/** Operand tokens (literals and references). */
export type OperandToken = Extract<Token, { type: 'ref' | 'string' | 'number' | 'boolean' }>;

const TWO_CHAR = new Set(['&&', '||', '==', '!=', '<=', '>=']);
const ONE_CHAR_CONDITION = new Set(['!', '<', '>']);
const ONE_CHAR_NESTED = new Set(['!', '<', '>', '+', '-', '*', '/', '%']);
const OPERATOR_START_CONDITION = new Set(['!', '&', '|', '=', '<', '>']);
const OPERATOR_START_NESTED = new Set(['!', '&', '|', '=', '<', '>', '+', '-', '*', '/', '%']);
const WORD_END = new Set([' ', '\t', '\n', '\r', '(', ')', '$', '!', '&', '|', '=', '<', '>', '+', '-', '*', '/', '%', "'"]);

/** Whether a token is an operand (so a following `-` is subtraction, not a sign). */
export function isOperandToken(token: Token | undefined): token is OperandToken {
  return token !== undefined && (token.type === 'ref' || token.type === 'string' || token.type === 'number' || token.type === 'boolean');
}

/** Drops the backslashes that escape a quote or backtick inside a string literal. */
function unescapeString(raw: string): string {
  return raw.replace(/\\+(['`])/g, '$1');
}

/**
 * Splits `source[from, to)` into tokens. Offsets are indexes into the whole `source`, so errors point
 * at the right character even when the expression sits inside backticks.
 */
export function tokenize(
  source: string,
  grammar: Grammar,
  from = 0,
  to = source.length,
): { ok: true; tokens: Token[] } | { ok: false; error: ExpressionError } {
  const tokens: Token[] = [];
  let i = from;
  const fail = (message: string, at: number) => ({ ok: false as const, error: errorAt(message, at) });
  while (i < to) {
    const ch = source.charAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push(ch === '(' ? { type: '(', text: ch, start: i, end: i + 1 } : { type: ')', text: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === '$') {
      const close = source.indexOf('}', i);
      if (source.charAt(i + 1) !== '{' || close === -1 || close >= to) return fail(MESSAGES.invalidOperand(source.slice(i, to)), i);
      const text = source.slice(i, close + 1);
      const ref = parseReference(text.slice(2, -1));
      if (ref === undefined) return fail(MESSAGES.invalidOperand(text), i);
      tokens.push({ type: 'ref', ref, text, start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (ch === "'") {
      let close = i;
      do {
        close = source.indexOf("'", close + 1);
      } while (close !== -1 && close < to && source.charAt(close - 1) === '\\');
      if (close === -1 || close >= to) return fail(MESSAGES.missingClosingQuote, i);
      const raw = source.slice(i + 1, close);
      tokens.push({ type: 'string', value: unescapeString(raw), text: source.slice(i, close + 1), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const isSign = ch === '-' && (grammar === 'condition' || !isOperandToken(tokens.at(-1)) && tokens.at(-1)?.type !== ')');
    if (isSign || (ch >= '0' && ch <= '9')) {
      const match = (grammar === 'condition' ? /-?[0-9]*/y : /-?[0-9]*(?:\.[0-9]+)?/y);
      match.lastIndex = i;
      const text = (match.exec(source)?.[0] ?? '').slice(0, to - i);
      if (text === '-' || text === '') return fail(MESSAGES.missingNumberAfterNegative, i);
      const leadingZero = grammar === 'condition' ? /^(?:0[0-9]|-0)/ : /^-?0[0-9]/;
      if (leadingZero.test(text)) return fail(MESSAGES.leadingZero, i);
      tokens.push({ type: 'number', value: Number(text), text, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    if (ch === 't' || ch === 'f') {
      let end = i;
      while (end < to && !WORD_END.has(source.charAt(end))) end++;
      const text = source.slice(i, end);
      if (text !== 'true' && text !== 'false') return fail(MESSAGES.invalidLiteral(text), i);
      tokens.push({ type: 'boolean', value: text === 'true', text, start: i, end });
      i = end;
      continue;
    }
    const starts = grammar === 'condition' ? OPERATOR_START_CONDITION : OPERATOR_START_NESTED;
    if (!starts.has(ch)) return fail(MESSAGES.unexpectedCharacter(ch), i);
    const pair = i + 1 < to ? source.slice(i, i + 2) : ch;
    if (TWO_CHAR.has(pair)) {
      tokens.push({ type: 'operator', text: pair, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    const single = grammar === 'condition' ? ONE_CHAR_CONDITION : ONE_CHAR_NESTED;
    if (!single.has(ch)) return fail(MESSAGES.invalidOperator(ch), i);
    tokens.push({ type: 'operator', text: ch, start: i, end: i + 1 });
    i++;
  }
  return { ok: true, tokens };
}
