import type { ActionAllowance, ChildContext, JsonType, PropertySpec, ValueSpec } from '../model/index.js';
import {
  ACTIONS,
  COMPONENTS,
  DOCUMENT_PROPERTIES,
  LATEST_FLOW_JSON_VERSION,
  compareVersions,
  isAvailableAt,
  isFlowJsonVersion,
  resolvePropertyAt,
} from '../model/index.js';

/** A JSON Schema (draft-07) node. */
export type JsonSchemaNode = { [keyword: string]: unknown };

const BINDING = { type: 'string', pattern: '^\\$\\{.+\\}$', description: 'A binding such as ${data.field} or ${form.name}.' };
const EXPRESSION = { type: 'string', pattern: '^`[\\s\\S]*`$', description: 'A nested expression in backticks (6.0+).' };
const FORMATS: Readonly<Record<string, string>> = { uri: 'uri', date: 'date' };

/** Builds schemas for one version; each method maps one registry shape to JSON Schema. */
class SchemaBuilder {
  private readonly dynamicForms: readonly JsonSchemaNode[];

  constructor(readonly version: string) {
    this.dynamicForms = compareVersions(version, '6.0') >= 0 ? [BINDING, EXPRESSION] : [BINDING];
  }

  object(properties: Readonly<Record<string, PropertySpec>>, extra: JsonSchemaNode = {}, dynamicByDefault = true): JsonSchemaNode {
    const props: JsonSchemaNode = { ...extra };
    const required: string[] = [];
    for (const [key, raw] of Object.entries(properties)) {
      if (!isAvailableAt(this.version, raw.since, raw.until)) continue;
      const spec = resolvePropertyAt(raw, this.version);
      props[key] = this.value(spec, spec.dynamic ?? dynamicByDefault);
      if (spec.required === true) required.push(key);
    }
    return { type: 'object', properties: props, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
  }

  value(spec: ValueSpec, dynamic: boolean): JsonSchemaNode {
    const types: readonly JsonType[] = typeof spec.type === 'string' ? [spec.type] : spec.type;
    const alternatives = types.map((type) => this.typed(type, spec));
    const all = dynamic ? [...alternatives, ...this.dynamicForms] : alternatives;
    const node: JsonSchemaNode = all.length === 1 ? { ...all[0] } : { anyOf: all };
    if (spec.description !== undefined) node['description'] = spec.description;
    if (spec.default !== undefined) node['default'] = spec.default;
    return node;
  }

  private typed(type: JsonType, spec: ValueSpec): JsonSchemaNode {
    switch (type) {
      case 'string': {
        const node: JsonSchemaNode = { type };
        if (spec.enum !== undefined) node['enum'] = [...spec.enum];
        if (spec.minLength !== undefined) node['minLength'] = spec.minLength;
        if (spec.maxLength !== undefined) node['maxLength'] = spec.maxLength;
        if (spec.pattern !== undefined) node['pattern'] = spec.pattern.source;
        const format = spec.format === undefined ? undefined : FORMATS[spec.format];
        if (format !== undefined) node['format'] = format;
        return node;
      }
      case 'number':
      case 'integer': {
        const node: JsonSchemaNode = { type };
        if (spec.min !== undefined) node['minimum'] = spec.min;
        if (spec.max !== undefined) node['maximum'] = spec.max;
        return node;
      }
      case 'boolean':
        return { type };
      case 'array': {
        const node: JsonSchemaNode = { type };
        if (spec.minItems !== undefined) node['minItems'] = spec.minItems;
        if (spec.maxItems !== undefined) node['maxItems'] = spec.maxItems;
        if (spec.components !== undefined) node['items'] = { $ref: componentRef(spec.components) };
        else if (spec.items !== undefined) node['items'] = this.value(spec.items, spec.items.dynamic ?? true);
        return node;
      }
      case 'object': {
        if (spec.actions !== undefined) return this.action(spec.actions);
        if (spec.properties !== undefined) return this.object(spec.properties);
        const node: JsonSchemaNode = { type };
        if (spec.values !== undefined) node['additionalProperties'] = this.value(spec.values, spec.values.dynamic ?? true);
        if (spec.minProperties !== undefined) node['minProperties'] = spec.minProperties;
        return node;
      }
    }
  }

  action(allowed: readonly ActionAllowance[]): JsonSchemaNode {
    const names = allowed.filter((a) => isAvailableAt(this.version, a.since)).map((a) => a.name);
    return {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', enum: names } },
      allOf: names.map((name) => ({ if: { properties: { name: { const: name } } }, then: { $ref: `#/definitions/action_${name}` } })),
    };
  }
}

function componentRef(context: ChildContext): string {
  return context === 'if' ? '#/definitions/component_in_if' : context === 'switch' ? '#/definitions/component_in_switch' : '#/definitions/component';
}

function dispatch(types: readonly string[], description: string): JsonSchemaNode {
  return {
    type: 'object',
    description,
    required: ['type'],
    properties: { type: { type: 'string', enum: types } },
    allOf: types.map((type) => ({ if: { properties: { type: { const: type } } }, then: { $ref: `#/definitions/${type}` } })),
  };
}

/**
 * A draft-07 JSON Schema for Flow JSON at a version (default: the latest), generated from the
 * registry: every component and action available then, with descriptions, enums, defaults and limits;
 * dynamic properties also accept bindings (and backtick expressions from 6.0). For editors' autocompletion.
 */
export function toJsonSchema(version: string = LATEST_FLOW_JSON_VERSION): JsonSchemaNode {
  const v = isFlowJsonVersion(version) ? version : LATEST_FLOW_JSON_VERSION;
  const b = new SchemaBuilder(v);
  const definitions: JsonSchemaNode = {};
  const available = Object.values(COMPONENTS).filter((c) => isAvailableAt(v, c.since));
  for (const component of available) {
    const node = b.object(component.properties, { type: { const: component.type } });
    node['required'] = ['type', ...((node['required'] as string[] | undefined) ?? [])]; // set by object() just above
    definitions[component.type] = { description: component.description, ...node };
  }
  definitions['component'] = dispatch(
    available.map((c) => c.type),
    'A component.',
  );
  definitions['component_in_if'] = dispatch(
    available.filter((c) => c.allowedInIf !== undefined && isAvailableAt(v, c.allowedInIf)).map((c) => c.type),
    'A component allowed inside If.',
  );
  definitions['component_in_switch'] = dispatch(
    available.filter((c) => c.allowedInSwitch !== undefined && isAvailableAt(v, c.allowedInSwitch)).map((c) => c.type),
    'A component allowed inside a Switch case.',
  );
  for (const [name, action] of Object.entries(ACTIONS)) {
    if (!isAvailableAt(v, action.since)) continue;
    definitions[`action_${name}`] = { description: action.description, ...b.object(action.properties, { name: { const: name } }) };
  }
  const root = b.object(DOCUMENT_PROPERTIES, {}, false);
  const properties = root['properties'] as JsonSchemaNode; // set by object() just above
  properties['version'] = { type: 'string', enum: [v], description: `Flow JSON version (this schema describes ${v}).` };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://flowline.dev/schema/flow-json-${v}.json`,
    title: `WhatsApp Flow JSON ${v}`,
    ...root,
    definitions,
  };
}
