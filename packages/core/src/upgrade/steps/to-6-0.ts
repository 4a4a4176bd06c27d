import { findComponent, isVersionAtLeast, type PropertySpec } from '../../model/index.js';
import { indexFlow, type ComponentInfo } from '../../validator/flow-index.js';
import { base64Bytes } from '../../validator/rules/check-component-properties.js';
import { joinPointer } from '../../validator/join-pointer.js';
import { writable, type UpgradeStepContext, type UpgradeStep } from '../upgrade-step.js';
import { isJsonObject } from '../../json/is-json-object.js';

/** Largest option image from 6.0 (spec §2.5): 100 KB of image bytes. */
const MAX_OPTION_IMAGE_BYTES = 100 * 1024;
const MAPS = ['init-values', 'error-messages'] as const;

/**
 * 5.1 → 6.0, Meta's three backwards-incompatible changes (changelog, Nov 2024): component string properties may
 * not be empty or blank; option images of CheckboxGroup, RadioButtonsGroup and Dropdown shrink from 300 KB to
 * 100 KB; a component-level `on-select-action` fires when its screen renders (until 7.0).
 */
export const toVersion6: UpgradeStep = {
  from: '5.1',
  to: '6.0',
  summary: 'No empty or blank strings in component properties; option images at most 100 KB; component on-select-action fires on screen render (until 7.0).',
  apply(doc, ctx) {
    for (const screen of indexFlow(doc)?.screens ?? []) {
      for (const component of screen.components) {
        removeBlankStrings(component, ctx);
        checkOptionImages(component, ctx);
        if (component.node['on-select-action'] !== undefined && !isVersionAtLeast(ctx.to, '7.0')) {
          ctx.issue('notice', 'UPGRADE_SELECT_ACTION_ON_RENDER', joinPointer(component.pointer, 'on-select-action'), `From Flow JSON 6.0 to 6.3 the on-select-action of ${component.type ?? 'this component'} '${component.name ?? ''}' also runs when the screen renders; from 7.0 it runs only when the customer selects.`);
        }
      }
    }
  },
};

function isBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === '';
}

/** Optional blank properties are removed (an empty optional text shows nothing either way); required ones need words. */
function removeBlankStrings(component: ComponentInfo, ctx: UpgradeStepContext): void {
  const spec = component.type === undefined ? undefined : findComponent(component.type);
  if (spec === undefined) return;
  const node = writable(component.node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    const pointer = joinPointer(component.pointer, key);
    if (isBlank(value)) {
      removeOrReport(node, key, spec.properties[key], pointer, `${component.type ?? ''} property '${key}'`, ctx);
    } else if ((MAPS as readonly string[]).includes(key) && isJsonObject(value)) {
      for (const name of Object.keys(value)) {
        if (!isBlank(value[name])) continue;
        delete writable(value)[name];
        ctx.change('BLANK_STRING_REMOVED', joinPointer(pointer, name), `Removed the blank ${key} entry of '${name}': Flow JSON 6.0 rejects empty strings.`);
      }
    } else if (key === 'data-source' && Array.isArray(value)) {
      const itemSpec = spec.properties['data-source']?.items?.properties;
      value.forEach((item: unknown, i) => {
        if (!isJsonObject(item)) return;
        for (const itemKey of Object.keys(item)) {
          if (isBlank(item[itemKey])) removeOrReport(writable(item), itemKey, itemSpec?.[itemKey], joinPointer(pointer, i, itemKey), `option property '${itemKey}'`, ctx);
        }
      });
    }
  }
}

function removeOrReport(node: Record<string, unknown>, key: string, spec: PropertySpec | undefined, pointer: string, what: string, ctx: UpgradeStepContext): void {
  if (spec?.required === true || spec?.requiredSince !== undefined) {
    ctx.issue('manual', 'UPGRADE_BLANK_REQUIRED_STRING', pointer, `The ${what} is required and blank: Flow JSON 6.0 rejects empty strings, so it needs a text.`);
    return;
  }
  delete node[key];
  ctx.change('BLANK_STRING_REMOVED', pointer, `Removed the blank ${what}: Flow JSON 6.0 rejects empty strings.`);
}

function checkOptionImages(component: ComponentInfo, ctx: UpgradeStepContext): void {
  const options = component.node['data-source'];
  if (!Array.isArray(options)) return;
  options.forEach((item: unknown, i) => {
    const image = isJsonObject(item) ? item['image'] : undefined;
    if (typeof image !== 'string' || base64Bytes(image) <= MAX_OPTION_IMAGE_BYTES) return;
    ctx.issue('manual', 'UPGRADE_IMAGE_TOO_LARGE', joinPointer(component.pointer, 'data-source', i, 'image'), `This option image is ${Math.ceil(base64Bytes(image) / 1024)} KB; from Flow JSON 6.0 option images may be at most 100 KB: compress or resize it.`);
  });
}
