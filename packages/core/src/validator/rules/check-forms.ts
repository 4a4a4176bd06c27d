import { isVersionAtLeast } from '../../model/index.js';
import type { Rule } from '../rule.js';
import { isInputComponent } from '../component-facts.js';
import { indexFlow } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { isJsonObject } from '../../json/is-json-object.js';

const NATIVE = new Set(['PhotoPicker', 'DocumentPicker']);

/**
 * Form rules (spec §1.9): unique input names on a screen (across If/Switch branches), no inputs
 * outside a screen's Form from 4.0, and no media pickers in a Form's `init-values`.
 */
export const checkForms: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  for (const screen of index.screens) {
    const names = new Set<string>();
    for (const component of screen.components) {
      if (component.name === undefined || component.type === 'Form') continue;
      if (names.has(component.name)) {
        ctx.report({
          code: 'DUPLICATE_FORM_COMPONENT_NAMES',
          severity: 'error',
          message: `Duplicate name found for Form components: ${component.name}.`,
          pointer: joinPointer(component.pointer, 'name'),
        });
      }
      names.add(component.name);
    }
    const forms = screen.components.filter((c) => c.type === 'Form');
    if (forms.length > 0 && ctx.version !== undefined && isVersionAtLeast(ctx.version, '4.0')) {
      const outside = screen.components.filter((c) => c.form === undefined && c.type !== 'Form' && isInputComponent(c.type));
      const first = outside[0];
      if (first !== undefined) {
        const types = [...new Set(outside.map((c) => c.type ?? ''))];
        ctx.report({
          code: 'COMPONENTS_OUTSIDE_FORM',
          severity: 'error',
          message:
            types.length === 1
              ? `Component '${types.join("', '")}' is not allowed outside Form when Form component is present.`
              : `Components '${types.join("', '")}' are not allowed outside Form when Form component is present.`,
          pointer: first.pointer,
        });
      }
    }
    for (const form of forms) {
      const initValues = form.node['init-values'];
      if (!isJsonObject(initValues)) continue;
      const natives = screen.components.filter(
        (c) => c.form === form && c.name !== undefined && NATIVE.has(c.type ?? '') && Object.hasOwn(initValues, c.name),
      );
      if (natives.length > 0) {
        ctx.report({
          code: 'NATIVE_COMPONENT_IN_FORM_INIT_VALUES',
          severity: 'error',
          message: `Property 'init-values' should not contain value for components: [${[...new Set(natives.map((c) => c.type))].join(', ')}].`,
          pointer: joinPointer(form.pointer, 'init-values', natives[0]?.name ?? ''),
          atKey: true,
        });
      }
    }
  }
};
