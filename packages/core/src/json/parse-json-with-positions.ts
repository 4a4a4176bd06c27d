import { escapePointerSegment } from './json-pointer.js';
import type { SourcePosition } from './source-position.js';

/** Where a node sits: its value, and for object members its key. */
export interface NodePosition {
  readonly value: SourcePosition;
  readonly key?: SourcePosition;
}

/** Positions of every node of a parsed document, by RFC 6901 pointer. */
export interface PositionIndex {
  /** The position of the node at `pointer`, or undefined if there is none. */
  find(pointer: string): NodePosition | undefined;
  /** Every pointer in document order. */
  pointers(): IterableIterator<string>;
}

/** A JSON syntax error at the place a user would look for it. */
export interface JsonSyntaxError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Result of `parseJsonWithPositions`. */
export type ParseJsonResult = { ok: true; value: unknown; index: PositionIndex } | { ok: false; error: JsonSyntaxError };

type Frame =
  | { readonly kind: 'array'; readonly value: unknown[]; readonly pointer: string }
  | { readonly kind: 'object'; readonly value: Record<string, unknown>; readonly pointer: string; key: string };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonFailure {
  constructor(readonly message: string, readonly offset: number) {}
}

/**
 * Parses JSON text into the same value `JSON.parse` gives, plus the line/column of every node and
 * key, or a syntax error with its line and column (trailing commas, unterminated strings, …).
 * Iterative, so deep nesting cannot overflow the stack; it never throws.
 */
export function parseJsonWithPositions(text: string): ParseJsonResult {
  const positions = new Map<string, NodePosition>();
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const here = (offset: number): SourcePosition => ({ line, column: offset - lineStart + 1, offset });
  const fail = (message: string, offset: number): never => {
    throw new JsonFailure(message, offset);
  };
  const describe = (offset: number): string =>
    offset >= text.length ? 'Unexpected end of JSON input' : `Unexpected token '${text.charAt(offset)}'`;

  function skipWhitespace(): void {
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code === 32 || code === 9) pos++;
      else if (code === 10 || (code === 13 && text.charCodeAt(pos + 1) !== 10)) {
        pos++;
        line++;
        lineStart = pos;
      } else if (code === 13) pos++;
      else return;
    }
  }

  function readString(): string {
    const start = pos;
    let out = '';
    let chunk = pos + 1;
    let i = chunk;
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === 34) {
        pos = i + 1;
        return out + text.slice(chunk, i);
      }
      if (Number.isNaN(code)) return fail('Unterminated string in JSON', start);
      if (code < 32) return fail('Bad control character in string literal in JSON', i);
      if (code !== 92) {
        i++;
        continue;
      }
      out += text.slice(chunk, i);
      const escape = text.charAt(i + 1);
      if (escape === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Bad Unicode escape in JSON', i);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const decoded = ESCAPES[escape];
        if (decoded === undefined) fail(i + 1 >= text.length ? 'Unterminated string in JSON' : 'Bad escaped character in JSON', i);
        out += decoded;
        i += 2;
      }
      chunk = i;
    }
  }

  /** Reads a scalar at `pos`, or opens a container (returned as a frame). */
  function readValue(pointer: string, key: SourcePosition | undefined): { value: unknown } | { frame: Frame } {
    skipWhitespace();
    const position = here(pos);
    positions.set(pointer, key === undefined ? { value: position } : { value: position, key });
    const ch = text.charAt(pos);
    if (ch === '{') {
      pos++;
      return { frame: { kind: 'object', value: {}, pointer, key: '' } };
    }
    if (ch === '[') {
      pos++;
      return { frame: { kind: 'array', value: [], pointer } };
    }
    if (ch === '"') return { value: readString() };
    if (text.startsWith('true', pos)) {
      pos += 4;
      return { value: true };
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return { value: false };
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return { value: null };
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (match === null) return fail(describe(pos), pos);
    pos += match[0].length;
    return { value: Number(match[0]) };
  }

  function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
    if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    else target[key] = value;
  }

  /** Reads the next object key (after `{` or `,`) and the colon; false when the object closes instead. */
  function readKey(frame: Extract<Frame, { kind: 'object' }>, first: boolean): SourcePosition | false {
    skipWhitespace();
    if (text.charAt(pos) === '}') {
      if (!first) fail('Trailing comma in object is not allowed in JSON', pos);
      return false;
    }
    if (text.charAt(pos) !== '"') fail(pos >= text.length ? 'Unexpected end of JSON input' : "Expected property name or '}' in JSON", pos);
    const keyPosition = here(pos);
    frame.key = readString();
    skipWhitespace();
    if (text.charAt(pos) !== ':') fail(pos >= text.length ? 'Unexpected end of JSON input' : "Expected ':' after property name in JSON", pos);
    pos++;
    return keyPosition;
  }

  try {
    const stack: Frame[] = [];
    let result: unknown;
    let next = readValue('', undefined);
    for (;;) {
      let value: unknown;
      if ('frame' in next) {
        const frame = next.frame;
        stack.push(frame);
        skipWhitespace();
        if (frame.kind === 'array') {
          if (text.charAt(pos) === ']') {
            pos++;
            stack.pop();
            value = frame.value;
          } else {
            next = readValue(`${frame.pointer}/0`, undefined);
            continue;
          }
        } else {
          const key = readKey(frame, true);
          if (key === false) {
            pos++;
            stack.pop();
            value = frame.value;
          } else {
            next = readValue(`${frame.pointer}/${escapePointerSegment(frame.key)}`, key);
            continue;
          }
        }
      } else {
        value = next.value;
      }
      // A value is complete: attach it and move to the next sibling or close containers.
      let attached = false;
      while (!attached) {
        const parent = stack[stack.length - 1];
        if (parent === undefined) {
          result = value;
          break;
        }
        if (parent.kind === 'array') parent.value.push(value);
        else setMember(parent.value, parent.key, value);
        skipWhitespace();
        const ch = text.charAt(pos);
        const close = parent.kind === 'array' ? ']' : '}';
        if (ch === ',') {
          pos++;
          if (parent.kind === 'array') {
            skipWhitespace();
            if (text.charAt(pos) === ']') fail('Trailing comma in array is not allowed in JSON', pos);
            next = readValue(`${parent.pointer}/${parent.value.length}`, undefined);
          } else {
            const key = readKey(parent, false);
            if (key === false) return fail('Trailing comma in object is not allowed in JSON', pos);
            next = readValue(`${parent.pointer}/${escapePointerSegment(parent.key)}`, key);
          }
          attached = true;
        } else if (ch === close) {
          pos++;
          stack.pop();
          value = parent.value;
        } else {
          fail(pos >= text.length ? 'Unexpected end of JSON input' : `Expected ',' or '${close}' after ${parent.kind === 'array' ? 'array element' : 'property value'} in JSON`, pos);
        }
      }
      if (!attached) break;
    }
    skipWhitespace();
    if (pos < text.length) fail('Unexpected non-whitespace character after JSON', pos);
    const index: PositionIndex = { find: (pointer) => positions.get(pointer), pointers: () => positions.keys() };
    return { ok: true, value: result, index };
  } catch (caught) {
    if (!(caught instanceof JsonFailure)) throw caught;
    return { ok: false, error: { message: caught.message, ...lineColumn(text, caught.offset, line, lineStart) } };
  }
}

/** Line and column of an error offset, continuing from the last line start the parser knew. */
function lineColumn(text: string, offset: number, line: number, lineStart: number): { line: number; column: number; offset: number } {
  let l = line;
  let start = lineStart;
  if (offset < lineStart) {
    l = 1;
    start = 0;
  }
  for (let i = start; i < offset; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) {
      l++;
      start = i + 1;
    }
  }
  return { line: l, column: offset - start + 1, offset };
}
