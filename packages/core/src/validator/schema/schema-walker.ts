import type { RawProblem } from '../../problem.js';
import { compareVersions } from '../../model/index.js';

/** Shared state of one schema walk over a document: its version, the problem sink and the nesting. */
export class SchemaWalker {
  /** How many Forms enclose the current node. */
  formDepth = 0;
  /** How many If components enclose the current node. */
  ifDepth = 0;
  private readonly expressionsAllowed: boolean;

  constructor(
    /** The version the document is checked against (its own, or the latest when unknown). */
    readonly version: string,
    private readonly sink: (problem: RawProblem) => void,
  ) {
    this.expressionsAllowed = compareVersions(version, '6.0') >= 0;
  }

  /** Reports an error with Meta's code at a pointer. */
  error(code: string, pointer: string, message: string, atKey?: boolean): void {
    this.sink(atKey === true ? { code, severity: 'error', message, pointer, atKey } : { code, severity: 'error', message, pointer });
  }

  /**
   * Whether a string is meant as dynamic: shaped like a `${…}` binding or, from 6.0, a backtick
   * expression. Only the shape is checked (parsing every binding would dominate the walk): the
   * expression rules parse these strings and report their syntax and references.
   */
  isDynamic(value: string): boolean {
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    if (first === 96 /* ` */) return this.expressionsAllowed && last === 96 && value.length > 1;
    return first === 36 /* $ */ && value.charCodeAt(1) === 123 /* { */ && last === 125 /* } */;
  }
}

/** Appends one reference token to an RFC 6901 pointer. */
export function childPointer(pointer: string, token: string | number): string {
  if (typeof token === 'number') return `${pointer}/${token}`;
  return token.includes('~') || token.includes('/')
    ? `${pointer}/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`
    : `${pointer}/${token}`;
}

/** Renders a pointer the way Meta's messages name paths: `screens[0].layout.children[1]`. */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(token) ? `[${token}]` : out === '' ? token : `.${token}`;
  }
  return out === '' ? '(root)' : out;
}
