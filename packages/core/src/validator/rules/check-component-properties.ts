import { isVersionAtLeast } from '../../model/index.js';
import type { RawProblem } from '../../problem.js';
import type { Rule } from '../rule.js';
import { indexFlow, type ComponentInfo, type ScreenInfo } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { isJsonObject } from '../../json/is-json-object.js';

/** Meta's limit on components per screen (spec §4, Components page). */
export const MAX_COMPONENTS_PER_SCREEN = 50;

const CONTAINERS = new Set(['Form', 'If', 'Switch']);
const PATTERN_INPUT_TYPES = ['text', 'number', 'password', 'passcode'];
const RANGE_ONLY = ['title', 'description', 'min-days', 'max-days'] as const;
const RANGE_OBJECTS = ['label', 'helper-text', 'required', 'init-value', 'error-message'] as const;
const ITEM_IMAGE_HOSTS = new Set(['CheckboxGroup', 'RadioButtonsGroup', 'Dropdown', 'ChipsSelector']);

type Report = (problem: RawProblem) => void;

/**
 * Cross-property rules of single components that the registry's schema cannot express (spec §2, §4):
 * TextInput `pattern` (helper text, input types), CalendarPicker range-mode properties and date bounds,
 * NavigationList `end`/badge/action placement, Dropdown's 100 options with images, data-source and
 * list image sizes, RichText sharing its screen, component-level `init-value`/`error-message` inside a
 * Form, and at most 50 components per screen.
 */
export const checkComponentProperties: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  const version = ctx.version;
  for (const screen of index.screens) {
    for (const component of screen.components) {
      switch (component.type) {
        case 'TextInput':
          checkPattern(component, ctx.report);
          break;
        case 'CalendarPicker':
          checkCalendarPicker(component, ctx.report);
          break;
        case 'NavigationList':
          checkNavigationList(component, ctx.report);
          checkNavigationImages(component, ctx.report);
          break;
        case 'Dropdown':
          checkDropdownImages(component, ctx.report);
          break;
        default:
          break;
      }
      if (component.type !== undefined && ITEM_IMAGE_HOSTS.has(component.type)) checkItemImages(component, version, ctx.report);
      if (component.form !== undefined) checkInsideForm(component, ctx.report);
    }
    checkRichText(screen, version, ctx.report);
    checkComponentCount(screen, ctx.report);
  }
};

function invalid(message: string, pointer: string): RawProblem {
  return { code: 'INVALID_PROPERTY_VALUE', severity: 'error', message, pointer };
}

/** TextInput `pattern` needs `helper-text` and a text, number, password or passcode input type (spec §2.3). */
function checkPattern(component: ComponentInfo, report: Report): void {
  const node = component.node;
  if (!Object.hasOwn(node, 'pattern')) return;
  if (!Object.hasOwn(node, 'helper-text')) {
    report({
      code: 'INVALID_DEPENDENCIES',
      severity: 'error',
      message: 'TextInput should have property helper-text when property pattern is present.',
      pointer: component.pointer,
    });
  }
  const inputType = node['input-type'];
  if (typeof inputType === 'string' && !PATTERN_INPUT_TYPES.includes(inputType)) {
    report(
      invalid(
        `Property 'pattern' can only be used with input-type [${PATTERN_INPUT_TYPES.join(', ')}], but input-type is '${inputType}'.`,
        joinPointer(component.pointer, 'pattern'),
      ),
    );
  }
}

/** CalendarPicker: range-only properties, object forms only in range mode, unavailable dates within bounds (spec §2.10). */
function checkCalendarPicker(component: ComponentInfo, report: Report): void {
  const node = component.node;
  const range = node['mode'] === 'range';
  if (!range) {
    for (const key of RANGE_ONLY) {
      if (!Object.hasOwn(node, key)) continue;
      report({
        code: 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED',
        severity: 'error',
        message: `Property '${key}' can only be specified at CalendarPicker when property 'mode' is 'range'.`,
        pointer: joinPointer(component.pointer, key),
        atKey: true,
      });
    }
    for (const key of RANGE_OBJECTS) {
      if (!isJsonObject(node[key])) continue;
      const pointer = joinPointer(component.pointer, key);
      const expected = key === 'required' ? 'boolean' : 'string';
      report({
        code: 'INVALID_PROPERTY_TYPE',
        severity: 'error',
        message: `Expected property '${key}' to be of type '${expected}' when CalendarPicker 'mode' is 'single', but found 'object'; the {start-date, end-date} form is for range mode.`,
        pointer,
      });
    }
  }
  const min = dateOf(node['min-date']);
  const max = dateOf(node['max-date']);
  const unavailable = node['unavailable-dates'];
  if ((min === undefined && max === undefined) || !Array.isArray(unavailable)) return;
  unavailable.forEach((value: unknown, i) => {
    const date = dateOf(value);
    if (date === undefined) return;
    if ((min !== undefined && date < min) || (max !== undefined && date > max)) {
      report(
        invalid(
          `Unavailable date '${date}' must lie between min-date '${min ?? ''}' and max-date '${max ?? ''}'.`,
          joinPointer(component.pointer, 'unavailable-dates', i),
        ),
      );
    }
  });
}

/** A "YYYY-MM-DD" string (compares correctly as text), or undefined. */
function dateOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/** NavigationList: no `end` with large media, one badge per list, actions on the list or on every item (spec §2.13). */
function checkNavigationList(component: ComponentInfo, report: Report): void {
  const node = component.node;
  const items = node['list-items'];
  if (!Array.isArray(items)) return;
  const large = node['media-size'] === 'large';
  const listAction = Object.hasOwn(node, 'on-click-action');
  let badges = 0;
  items.forEach((item: unknown, i) => {
    if (!isJsonObject(item)) return;
    const itemPointer = joinPointer(component.pointer, 'list-items', i);
    if (large && Object.hasOwn(item, 'end')) {
      report({
        ...invalid("Property 'end' cannot be specified on list items when NavigationList 'media-size' is 'large'.", joinPointer(itemPointer, 'end')),
        atKey: true,
      });
    }
    if (Object.hasOwn(item, 'badge')) {
      badges += 1;
      if (badges === 2) report(invalid('Only one item of a NavigationList may have a badge.', joinPointer(itemPointer, 'badge')));
    }
    const itemAction = Object.hasOwn(item, 'on-click-action');
    if (listAction && itemAction) {
      report({
        code: 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED',
        severity: 'error',
        message: "Property 'on-click-action' must be present exclusively at NavigationList or at its list items.",
        pointer: joinPointer(itemPointer, 'on-click-action'),
        atKey: true,
      });
    } else if (!listAction && !itemAction) {
      report({
        code: 'MISSING_REQUIRED_TYPE_PROPERTY',
        severity: 'error',
        message: "Required property 'on-click-action' is missing at list item: set it on the NavigationList or on every item.",
        pointer: itemPointer,
      });
    }
  });
}

/** Dropdown: at most 100 options when any option has an image (spec §2.5). */
function checkDropdownImages(component: ComponentInfo, report: Report): void {
  const items = component.node['data-source'];
  if (!Array.isArray(items) || items.length <= 100) return;
  if (!items.some((item: unknown) => isJsonObject(item) && Object.hasOwn(item, 'image'))) return;
  report(
    invalid(
      `Property 'data-source' should have at most 100 items when any item has an image, but has ${items.length}.`,
      joinPointer(component.pointer, 'data-source'),
    ),
  );
}

/** Decoded size in bytes of a base64 string, from its length (no decoding). */
export function base64Bytes(value: string): number {
  let padding = 0;
  if (value.endsWith('==')) padding = 2;
  else if (value.endsWith('=')) padding = 1;
  return Math.floor((value.length * 3) / 4) - padding;
}

function checkImageSize(value: unknown, limitKb: number, pointer: string, owner: string, report: Report): void {
  if (typeof value !== 'string' || value.length * 0.75 <= limitKb * 1024 || value.startsWith('${')) return;
  const bytes = base64Bytes(value);
  if (bytes <= limitKb * 1024) return;
  report(invalid(`${owner} image should be at most ${limitKb} KB, but is ${Math.ceil(bytes / 1024)} KB.`, pointer));
}

/** Data-source item images: 300 KB before 6.0, 100 KB from 6.0; NavigationList start images 100 KB (spec §2.5, §2.13). */
function checkItemImages(component: ComponentInfo, version: string | undefined, report: Report): void {
  const items = component.node['data-source'];
  if (!Array.isArray(items)) return;
  const limit = version !== undefined && !isVersionAtLeast(version, '6.0') ? 300 : 100;
  items.forEach((item: unknown, i) => {
    if (!isJsonObject(item)) return;
    checkImageSize(item['image'], limit, joinPointer(component.pointer, 'data-source', i, 'image'), 'Data-source item', report);
  });
}

function checkNavigationImages(component: ComponentInfo, report: Report): void {
  const items = component.node['list-items'];
  if (!Array.isArray(items)) return;
  items.forEach((item: unknown, i) => {
    if (!isJsonObject(item) || !isJsonObject(item['start'])) return;
    checkImageSize(item['start']['image'], 100, joinPointer(component.pointer, 'list-items', i, 'start', 'image'), 'NavigationList start', report);
  });
}

/** Component-level `init-value`/`error-message` exist only outside a Form; inside, the Form's maps apply (spec §2.3). */
function checkInsideForm(component: ComponentInfo, report: Report): void {
  for (const key of ['init-value', 'error-message']) {
    if (!Object.hasOwn(component.node, key)) continue;
    const plural = key === 'init-value' ? 'init-values' : 'error-messages';
    report({
      code: 'INVALID_PROPERTY_KEY',
      severity: 'error',
      message: `Property '${key}' cannot be specified at ${component.type ?? 'a component'} inside a Form; use the Form's '${plural}' instead.`,
      pointer: joinPointer(component.pointer, key),
      atKey: true,
    });
  }
}

/** RichText is alone on its screen; from 6.3 it may share it with a Footer (spec §2.2). */
function checkRichText(screen: ScreenInfo, version: string | undefined, report: Report): void {
  const rich = screen.components.find((c) => c.type === 'RichText');
  if (rich === undefined) return;
  const footerAllowed = version === undefined || isVersionAtLeast(version, '6.3');
  const other = screen.components.find((c) => c !== rich && !(footerAllowed && c.type === 'Footer'));
  if (other === undefined) return;
  report(
    invalid(
      footerAllowed
        ? `RichText can only be combined with a Footer on its screen; found ${other.type ?? 'a component'}.`
        : `RichText must be the only component on its screen before Flow JSON version 6.3; found ${other.type ?? 'a component'}.`,
      other.pointer,
    ),
  );
}

/** At most 50 components per screen, containers (Form, If, Switch) not counted. */
function checkComponentCount(screen: ScreenInfo, report: Report): void {
  let count = 0;
  for (const component of screen.components) if (component.type === undefined || !CONTAINERS.has(component.type)) count += 1;
  if (count <= MAX_COMPONENTS_PER_SCREEN) return;
  report(
    invalid(
      `Maximum number of components allowed per screen is ${MAX_COMPONENTS_PER_SCREEN} but found ${count}.`,
      joinPointer(screen.pointer, 'layout', 'children'),
    ),
  );
}
