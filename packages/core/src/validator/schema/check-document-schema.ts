import type { Rule } from '../rule.js';
import { DOCUMENT_PROPERTIES, LATEST_FLOW_JSON_VERSION, SCREEN_PROPERTIES, isFlowJsonVersion } from '../../model/index.js';
import { checkObject, jsonTypeOf } from './check-value.js';
import { childPointer, pointerToPath, SchemaWalker } from './schema-walker.js';
import { isJsonObject } from '../../json/is-json-object.js';

/** Meta's limit on screens per Flow (`MAX_SCREENS_NUMBER`). */
export const MAX_SCREENS = 100;

/**
 * Walks the whole document once by the registry at the document's version (the latest when the
 * version is missing or unknown): keys, types, enums, limits, formats, components and actions.
 */
export const checkDocumentSchema: Rule = (ctx) => {
  const doc = ctx.doc;
  if (!isJsonObject(doc)) return;
  const declared = doc['version'];
  const version = ctx.version ?? (typeof declared === 'string' && isFlowJsonVersion(declared) ? declared : LATEST_FLOW_JSON_VERSION);
  const w = new SchemaWalker(version, (problem) => ctx.report(problem));
  // `version` is checked by checkFlowJsonVersion; `screens` here, for Meta's codes on its count.
  const { version: _version, screens: _screens, ...rest } = DOCUMENT_PROPERTIES;
  for (const key in doc) {
    if (key === 'version' || key === 'screens') continue;
    checkObject(w, { [key]: doc[key] }, rest, '', 'the Flow JSON root');
  }
  if (!Object.hasOwn(doc, 'screens')) {
    w.error('MISSING_REQUIRED_TYPE_PROPERTY', '', "Required property 'screens' is missing.");
    return;
  }
  const screens = doc['screens'];
  if (!Array.isArray(screens)) {
    w.error('INVALID_PROPERTY_TYPE', '/screens', `Expected property 'screens' to be of type 'array', but found '${jsonTypeOf(screens)}'.`);
    return;
  }
  if (screens.length === 0) {
    // Meta's error-codes sample reports an empty screens array as MIN_CHARS_REQUIRED.
    w.error('MIN_CHARS_REQUIRED', '/screens', "Property 'screens' should have at least '1' items.");
  } else if (screens.length > MAX_SCREENS) {
    w.error('MAX_SCREENS_NUMBER', '/screens', `Maximum number of screens allowed per Flow is ${MAX_SCREENS} but found ${screens.length}.`);
  }
  for (let i = 0; i < screens.length; i++) checkScreen(w, screens[i], childPointer('/screens', i));
};

function checkScreen(w: SchemaWalker, screen: unknown, pointer: string): void {
  if (!isJsonObject(screen)) {
    w.error('INVALID_PROPERTY_TYPE', pointer, `Expected property '${pointer.slice(1)}' to be of type 'object', but found '${jsonTypeOf(screen)}'.`);
    return;
  }
  const layout = screen['layout'];
  if (typeof layout === 'string') {
    // Meta's catalogue sample `"layout": "myNewLayout"` is an unknown layout: INVALID_PROPERTY_VALUE.
    const layoutPointer = childPointer(pointer, 'layout');
    w.error('INVALID_PROPERTY_VALUE', layoutPointer, `Invalid value found for property 'layout' at ${pointerToPath(layoutPointer)}.`);
    checkObject(w, screen, SCREEN_PROPERTIES, pointer, 'screen', 'layout');
  } else {
    checkObject(w, screen, SCREEN_PROPERTIES, pointer, 'screen');
  }
  if (Object.hasOwn(screen, 'success') && screen['terminal'] !== true) {
    w.error('NOT_KEYWORD_SCHEMA_VALIDATION_FAILED', childPointer(pointer, 'success'), "Property 'success' can only be specified on a terminal screen.");
  }
}
