/** An XML element as `readXml` returns it: local name (prefix dropped), attributes as written, children. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
  readonly line: number;
}

/** Why a text is not XML this reader accepts. */
export type XmlErrorCode = 'XML_MALFORMED' | 'XML_DOCTYPE' | 'XML_TOO_LARGE' | 'XML_TOO_DEEP';

export type ReadXmlResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly code: XmlErrorCode; readonly message: string; readonly line: number };

/** Bounds of what `readXml` reads, so that a hostile file costs at most linear time in a bounded size. */
export const XML_LIMITS = { maxChars: 4_000_000, maxDepth: 32, maxElements: 200_000, maxAttributes: 32 } as const;

const NAME = /[A-Za-z_][\w.\-:]*/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.\-:]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlError extends Error {
  constructor(readonly code: XmlErrorCode, message: string, readonly at: number) {
    super(message);
  }
}

interface OpenElement {
  readonly name: string;
  readonly qualified: string;
  readonly attributes: Record<string, string>;
  readonly children: (XmlElement | string)[];
  readonly line: number;
}

/**
 * Reads a small, safe subset of XML 1.0, enough for translation files: elements, attributes,
 * text, CDATA, comments and processing instructions. A DOCTYPE is refused, so no entity is ever
 * declared or expanded: only the five predefined entities and character references are decoded.
 * Never throws; size, depth and element count are bounded (`XML_LIMITS`).
 */
export function readXml(text: string): ReadXmlResult {
  if (text.length > XML_LIMITS.maxChars) return { ok: false, code: 'XML_TOO_LARGE', message: `the file is larger than ${XML_LIMITS.maxChars} characters`, line: 1 };
  try {
    return { ok: true, root: parse(text.startsWith('\ufeff') ? text.slice(1) : text) };
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    return { ok: false, code: error.code, message: error.message, line: lineAt(text, error.at) };
  }
}

function parse(text: string): XmlElement {
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let i = 0;
  const addText = (value: string, at: number) => {
    const top = stack.at(-1);
    if (top === undefined) {
      if (value.trim() !== '') throw new XmlError('XML_MALFORMED', 'text outside the root element', at);
    } else if (value !== '') top.children.push(value);
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt === -1) {
      addText(decode(text.slice(i), i), i);
      break;
    }
    if (lt > i) addText(decode(text.slice(i, lt), i), i);
    i = lt;
    if (text.startsWith('<?', i)) i = skipPast(text, '?>', i);
    else if (text.startsWith('<!--', i)) i = skipPast(text, '-->', i);
    else if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) throw new XmlError('XML_MALFORMED', 'CDATA outside the root element', i);
      const end = skipPast(text, ']]>', i);
      addText(text.slice(i + 9, end - 3), i);
      i = end;
    } else if (text.startsWith('<!', i)) throw new XmlError('XML_DOCTYPE', 'a DOCTYPE or declaration is not accepted (no entities are expanded)', i);
    else if (text.startsWith('</', i)) {
      const name = readName(text, i + 2);
      const top = stack.pop();
      if (top === undefined || top.qualified !== name) throw new XmlError('XML_MALFORMED', `unexpected closing tag </${name}>`, i);
      i = expect(text, i + 2 + name.length, '>');
      const element: XmlElement = { name: top.name, attributes: top.attributes, children: top.children, line: top.line };
      const parent = stack.at(-1);
      if (parent === undefined) root = element;
      else parent.children.push(element);
    } else {
      if (root !== undefined && stack.length === 0) throw new XmlError('XML_MALFORMED', 'a second root element', i);
      elements += 1;
      if (elements > XML_LIMITS.maxElements) throw new XmlError('XML_TOO_LARGE', `more than ${XML_LIMITS.maxElements} elements`, i);
      if (stack.length >= XML_LIMITS.maxDepth) throw new XmlError('XML_TOO_DEEP', `elements nested deeper than ${XML_LIMITS.maxDepth}`, i);
      const qualified = readName(text, i + 1);
      const open: OpenElement = { name: localName(qualified), qualified, attributes: Object.create(null) as Record<string, string>, children: [], line: lineAt(text, i) };
      let at = i + 1 + qualified.length;
      let count = 0;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const match = ATTRIBUTE.exec(text);
        if (match === null) break;
        count += 1;
        if (count > XML_LIMITS.maxAttributes) throw new XmlError('XML_TOO_LARGE', `more than ${XML_LIMITS.maxAttributes} attributes`, at);
        const attribute = match[1] ?? '';
        if (Object.hasOwn(open.attributes, attribute)) throw new XmlError('XML_MALFORMED', `attribute ${attribute} given twice`, at);
        open.attributes[attribute] = decode(match[3] ?? match[4] ?? '', at);
        at = ATTRIBUTE.lastIndex;
      }
      while (at < text.length && /\s/.test(text[at] ?? '')) at += 1;
      if (text.startsWith('/>', at)) {
        const element: XmlElement = { name: open.name, attributes: open.attributes, children: [], line: open.line };
        const parent = stack.at(-1);
        if (parent === undefined) root = element;
        else parent.children.push(element);
        i = at + 2;
      } else {
        i = expect(text, at, '>');
        stack.push(open);
      }
    }
  }
  if (stack.length > 0 || root === undefined) throw new XmlError('XML_MALFORMED', root === undefined ? 'no root element' : `<${stack.at(-1)?.qualified ?? ''}> is not closed`, text.length);
  return root;
}

function readName(text: string, at: number): string {
  NAME.lastIndex = at;
  const match = NAME.exec(text);
  if (match === null) throw new XmlError('XML_MALFORMED', 'an element name was expected', at);
  return match[0];
}

function expect(text: string, at: number, token: string): number {
  if (!text.startsWith(token, at)) throw new XmlError('XML_MALFORMED', `"${token}" was expected`, at);
  return at + token.length;
}

function skipPast(text: string, token: string, at: number): number {
  const end = text.indexOf(token, at);
  if (end === -1) throw new XmlError('XML_MALFORMED', `"${token}" was expected`, at);
  return end + token.length;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

function decode(raw: string, at: number): string {
  const decoded = raw.replace(ENTITY, (_, entity: string) => {
    if (!entity.startsWith('#')) return PREDEFINED[entity] ?? '';
    const code = entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    if (code > 0x10ffff || code === 0 || (code >= 0xd800 && code <= 0xdfff)) throw new XmlError('XML_MALFORMED', `character reference &${entity}; is not a character`, at);
    return String.fromCodePoint(code);
  });
  // An ampersand left after decoding started an entity this reader does not know (or none at all).
  if (/&/.test(raw.replace(ENTITY, ''))) throw new XmlError('XML_MALFORMED', 'an unknown entity or a bare "&"', at);
  return decoded;
}

function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
