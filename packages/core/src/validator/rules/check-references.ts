import { isVersionAtLeast } from '../../model/index.js';
import {
  collectReferences,
  formatReference,
  parseCondition,
  typeCheckExpression,
  type ExprType,
  type ExpressionError,
  type Reference,
} from '../../expression/index.js';
import type { RawProblem } from '../../problem.js';
import type { Rule } from '../rule.js';
import { classifySite } from '../classify-site.js';
import { propertyTypes } from '../component-facts.js';
import { indexFlow, type DynamicSite, type FlowIndex } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { resolveReference, type ReferenceFailure } from '../resolve-reference.js';
import { isJsonObject } from '../../json/is-json-object.js';

const SELECTION = new Set(['CheckboxGroup', 'RadioButtonsGroup', 'Dropdown', 'ChipsSelector']);

/**
 * Bindings and expressions (spec §1.8, §5.5): If conditions and backtick expressions parse and
 * type-check; every `${data…}`, `${form…}` and `${screen.S…}` resolves; a whole-value binding's
 * declared type is one the property accepts; dynamic data sources declare `id` and `title`.
 */
export const checkReferences: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  for (const screen of index.screens) {
    for (const site of screen.sites) checkSite(index, site, ctx.version, ctx.report);
  }
};

/**
 * An expression error at a site. In an `on-click-action` payload Meta reports an unparsable or
 * ill-typed value as INVALID_ON_CLICK_ACTION_PAYLOAD ("Invalid value found for the property 'x'.").
 */
function expressionProblem(error: ExpressionError, site: DynamicSite): RawProblem {
  const inClickPayload = site.action !== undefined && site.action.trigger === 'on-click-action';
  if (!inClickPayload) return { code: error.code, severity: 'error', message: error.message, pointer: site.pointer, offset: error.offset };
  const property = site.pointer.slice(site.pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
  return {
    code: 'INVALID_ON_CLICK_ACTION_PAYLOAD',
    severity: 'error',
    message: `Invalid value found for the property '${property}'. ${error.message}`,
    pointer: site.pointer,
    offset: error.offset,
  };
}

function checkSite(index: FlowIndex, site: DynamicSite, version: string | undefined, report: (p: RawProblem) => void): void {
  const isCondition = site.component?.type === 'If' && site.property === 'condition';
  const resolveType = (ref: Reference): ExprType | undefined => {
    const resolved = resolveReference(index, site.screen, ref);
    return resolved.ok ? resolved.type : undefined;
  };
  if (isCondition) {
    const parsed = parseCondition(site.value);
    if (!parsed.ok) {
      report(expressionProblem(parsed.error, site));
      return;
    }
    checkRefs(index, site, collectReferences(parsed.ast), false, version, report);
    for (const error of typeCheckExpression(parsed.ast, resolveType, { condition: true })) report(expressionProblem(error, site));
    return;
  }
  const value = classifySite(site);
  switch (value.kind) {
    case 'literal':
      return;
    case 'invalid':
      report(expressionProblem(value.error, site));
      return;
    case 'expression':
      checkRefs(index, site, value.refs, true, version, report);
      for (const error of typeCheckExpression(value.ast, resolveType)) report(expressionProblem(error, site));
      return;
    case 'binding':
      if (checkRefs(index, site, [value.ref], false, version, report)) checkBindingType(index, site, value.ref, version, report);
      return;
  }
}

/** Reports unresolved references; true when all resolve. */
function checkRefs(
  index: FlowIndex,
  site: DynamicSite,
  refs: readonly Reference[],
  nested: boolean,
  version: string | undefined,
  report: (p: RawProblem) => void,
): boolean {
  let ok = true;
  for (const ref of refs) {
    const resolved = resolveReference(index, site.screen, ref);
    if (resolved.ok) continue;
    ok = false;
    const problem = failureProblem(index, site, ref, resolved, nested, version);
    if (problem !== undefined) report(problem);
  }
  return ok;
}

function failureProblem(
  index: FlowIndex,
  site: DynamicSite,
  ref: Reference,
  failure: ReferenceFailure,
  nested: boolean,
  version: string | undefined,
): RawProblem | undefined {
  const text = formatReference(ref);
  const screenId = site.screen.id ?? String(site.screen.index);
  const owner = `${site.component?.type ?? 'screen'} property '${site.property}'`;
  const make = (code: string, message: string): RawProblem => ({ code, severity: 'error', message, pointer: site.pointer });
  if (site.action !== undefined && nested) {
    // Meta checks references in action expressions from 7.2 (spec §1.2).
    if (version === undefined || !isVersionAtLeast(version, '7.2')) return undefined;
    return make('INVALID_ACTION_PAYLOAD_PROPERTY', `The following property ${text} does not exist in the screen data model.`);
  }
  switch (failure.reason) {
    case 'unknown-screen':
      return make('INVALID_SCREEN_DATA', `Global Dynamic data '${text}' on screen ${failure.screen} does not exist, but is used on screen ${screenId}.`);
    case 'current-screen':
      return make(
        'INVALID_SCREEN_DATA',
        `Global dynamic data '${text}' used on screen '${screenId}' for ${owner} is invalid since screen '${screenId}' represents current screen. Convert expression to local referencing of the form \${${ref.scope}.${ref.path.join('.')}}.`,
      );
    case 'missing-data':
      if (ref.screen !== undefined) {
        return make('INVALID_SCREEN_DATA', `Global Dynamic data '${text}' on screen ${ref.screen} does not exist, but is used on screen ${screenId}.`);
      }
      // Endpoint Flows may fill a Form's init-values/error-messages from undeclared endpoint data (Meta's examples do).
      if (index.endpoint && site.component?.type === 'Form' && site.action === undefined) return undefined;
      return site.action !== undefined
        ? make('INVALID_ON_CLICK_ACTION_PAYLOAD', `Missing dynamic data '${text}' in the data model for screen ${screenId}.`)
        : make('INVALID_SCREEN_DYNAMIC_DATA', `Missing dynamic data '${text}' in the screen data model.`);
    case 'missing-input':
      if (ref.screen !== undefined) {
        return make('INVALID_SCREEN_DATA', `Global Dynamic data '${text}' on screen ${ref.screen} does not exist, but is used on screen ${screenId}.`);
      }
      return make(
        site.action !== undefined ? 'INVALID_ON_CLICK_ACTION_PAYLOAD' : 'INVALID_SCREEN_DYNAMIC_DATA',
        `Missing Form component ${text} for screen '${screenId}'.`,
      );
    case 'form-container':
      return make('INVALID_ON_CLICK_ACTION_PAYLOAD', "Value of 'Form' component cannot be used in form binding.");
    case 'array-items':
      return make(
        'INVALID_SCREEN_DYNAMIC_DATA',
        `${text} on screen '${screenId}' for ${owner} is invalid as '${failure.segment}' is defined in an array schema in the data model.`,
      );
    case 'missing-schema':
      return make('INVALID_SCREEN_DYNAMIC_DATA', `${text} defined for screen '${screenId}' ${owner} is invalid as its schema is missing in the data model.`);
  }
}

/** A whole-value binding in a component property must have a type the property accepts. */
function checkBindingType(
  index: FlowIndex,
  site: DynamicSite,
  ref: Reference,
  version: string | undefined,
  report: (p: RawProblem) => void,
): void {
  const component = site.component;
  if (component === undefined || site.action !== undefined) return;
  if (site.pointer !== joinPointer(component.pointer, site.property)) return;
  if (component.type === 'Switch') return;
  const resolved = resolveReference(index, site.screen, ref);
  if (!resolved.ok || resolved.type === 'unknown') return;
  const expected = propertyTypes(component.type, site.property, version);
  const text = formatReference(ref);
  if (expected !== undefined && !expected.includes(resolved.type)) {
    report({
      code: 'INVALID_SCREEN_DYNAMIC_DATA',
      severity: 'error',
      message:
        expected.length === 1
          ? `Expected '${text}' to be of type '${expected[0] ?? ''}'.`
          : `Expected '${text}' to be of one of these types: [${expected.join(', ')}].`,
      pointer: site.pointer,
    });
    return;
  }
  if (site.property === 'data-source' && SELECTION.has(component.type ?? '') && resolved.schema !== undefined) {
    const items = resolved.schema['items'];
    if (!isJsonObject(items)) return;
    const properties = items['properties'];
    if (!isJsonObject(properties)) return;
    for (const key of ['id', 'title']) {
      if (!isJsonObject(properties[key])) {
        report({
          code: 'INVALID_SCREEN_DYNAMIC_DATA',
          severity: 'error',
          message: `Data model schema is invalid for '${text}'. Missing schema for ${key}.`,
          pointer: site.pointer,
        });
      }
    }
  }
}
