import type { ActionAllowance, JsonType, PropertySpec, ValueSpec } from './property-spec.js';
import { ACTIONS } from './actions.js';
import { COMPONENTS } from './components.js';
import { DOCUMENT_PROPERTIES, LAYOUT_PROPERTIES, SCREEN_PROPERTIES } from './document-properties.js';
import { DATA_API_VERSIONS, FLOW_JSON_VERSIONS } from './flow-json-versions.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeText(spec: ValueSpec): string {
  const types: readonly JsonType[] = typeof spec.type === 'string' ? [spec.type] : spec.type;
  return types
    .map((type) => {
      if (type === 'array' && spec.components !== undefined) return 'array of components';
      if (type === 'array' && spec.items !== undefined) return `array of ${typeText(spec.items)}`;
      if (type === 'object' && spec.actions !== undefined) return 'action';
      return type;
    })
    .join(' or ');
}

function actionsText(allowed: readonly ActionAllowance[]): string {
  return allowed.map((a) => (a.since === '2.1' ? `\`${a.name}\`` : `\`${a.name}\` (${a.since}+)`)).join(', ');
}

function rulesText(spec: PropertySpec): string {
  const parts: string[] = [];
  if (spec.enum !== undefined) parts.push(`one of ${spec.enum.map((e) => `\`${e}\``).join(', ')}`);
  if (spec.default !== undefined) parts.push(`default \`${JSON.stringify(spec.default)}\``);
  if (spec.minLength !== undefined) parts.push(`≥ ${spec.minLength} chars`);
  if (spec.maxLength !== undefined) parts.push(`≤ ${spec.maxLength} chars`);
  if (spec.min !== undefined || spec.max !== undefined) parts.push(`range ${spec.min ?? '…'}–${spec.max ?? '…'}`);
  if (spec.minItems !== undefined || spec.maxItems !== undefined) parts.push(`${spec.minItems ?? 0}–${spec.maxItems ?? '…'} items`);
  if (spec.format !== undefined) parts.push(`format ${spec.format}`);
  if (spec.pattern !== undefined) parts.push(`${spec.pattern.description} only`);
  if (spec.actions !== undefined) parts.push(actionsText(spec.actions));
  for (const change of spec.changes ?? []) {
    const { since, ...rest } = change;
    parts.push(`from ${since}: ${Object.entries(rest).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')}`);
  }
  if (spec.until !== undefined) parts.push(`until ${spec.until}`);
  return parts.join('; ');
}

function propertyTable(properties: Readonly<Record<string, PropertySpec>>, defaultSince: string, dynamicByDefault: boolean): string[] {
  const lines = ['| property | type | required | dynamic | since | rules | description |', '|---|---|---|---|---|---|---|'];
  for (const [key, spec] of Object.entries(properties)) {
    const required = spec.required === true ? 'yes' : spec.requiredSince !== undefined ? `from ${spec.requiredSince}` : '';
    const dynamic = (spec.dynamic ?? dynamicByDefault) ? 'yes' : '';
    lines.push(
      `| \`${key}\` | ${cell(typeText(spec))} | ${required} | ${dynamic} | ${spec.since ?? defaultSince} | ${cell(rulesText(spec))} | ${cell(spec.description ?? '')} |`,
    );
    const nested = spec.properties ?? spec.items?.properties;
    if (nested !== undefined) {
      for (const [sub, subSpec] of Object.entries(nested)) {
        lines.push(
          `| \`${key}.${sub}\` | ${cell(typeText(subSpec))} | ${subSpec.required === true ? 'yes' : ''} | ${(subSpec.dynamic ?? dynamicByDefault) ? 'yes' : ''} | ${subSpec.since ?? spec.since ?? defaultSince} | ${cell(rulesText(subSpec))} | ${cell(subSpec.description ?? '')} |`,
        );
      }
    }
  }
  return lines;
}

/** Markdown reference of every component, its properties, limits and actions, generated from the registry. */
export function toComponentsMarkdown(): string {
  const out = ['# Flow JSON components', '', 'Generated from the registry (`packages/core/src/model/`) by `scripts/generate-reference-docs.ts`. Do not edit by hand.', ''];
  out.push('## Document', '', ...propertyTable(DOCUMENT_PROPERTIES, '2.1', false), '');
  out.push('## Screen', '', ...propertyTable(SCREEN_PROPERTIES, '2.1', false), '');
  out.push('## Layout', '', ...propertyTable(LAYOUT_PROPERTIES, '2.1', false), '');
  out.push('## Components', '', '| component | since | input (value type) | in If | in Switch | per screen |', '|---|---|---|---|---|---|');
  for (const c of Object.values(COMPONENTS)) {
    out.push(`| [${c.type}](#${c.type.toLowerCase()}) | ${c.since} | ${c.isInput ? `yes (${c.valueType ?? ''})` : ''} | ${c.allowedInIf ?? ''} | ${c.allowedInSwitch ?? ''} | ${c.maxPerScreen ?? ''} |`);
  }
  out.push('');
  for (const c of Object.values(COMPONENTS)) {
    out.push(`### ${c.type}`, '', `${c.description} Since ${c.since}.`, '');
    if (c.formOnlyBefore !== undefined) out.push(`Must sit inside a Form before ${c.formOnlyBefore}.`, '');
    for (const [a, b] of c.dependentPairs ?? []) out.push(`\`${a}\` and \`${b}\` must be given together.`, '');
    for (const e of c.exclusive ?? []) out.push(`\`${e.property}\` excludes ${e.others.map((o) => `\`${o}\``).join(', ')}.`, '');
    for (const [min, max] of c.minMaxPairs ?? []) out.push(`\`${min}\` must not exceed \`${max}\`.`, '');
    out.push(...propertyTable(c.properties, c.since, true), '');
  }
  out.push('## Actions', '');
  for (const [name, action] of Object.entries(ACTIONS)) {
    out.push(`### ${name}`, '', `${action.description} Since ${action.since}.`, '', ...propertyTable(action.properties, action.since, true), '');
  }
  return out.join('\n');
}

/** Markdown reference of Flow JSON and Data API versions, generated from the registry. */
export function toVersionsMarkdown(): string {
  const out = ['# Flow JSON versions', '', 'Generated from the registry (`packages/core/src/model/`) by `scripts/generate-reference-docs.ts`. Do not edit by hand.', ''];
  out.push('| version | released | status | frozen on | what changed |', '|---|---|---|---|---|');
  for (const v of FLOW_JSON_VERSIONS) {
    const frozenOn = 'frozenOn' in v ? v.frozenOn : '';
    out.push(`| ${v.version} | ${v.introduced} | ${v.status} | ${frozenOn} | ${cell(v.changes)} |`);
  }
  out.push('', '## Data API versions', '', '| version | released | what changed |', '|---|---|---|');
  for (const v of DATA_API_VERSIONS) out.push(`| ${v.version} | ${v.introduced} | ${cell(v.changes)} |`);
  out.push('');
  return out.join('\n');
}

/** The whole reference (versions, then components and actions) as one Markdown document. */
export function toReferenceMarkdown(): string {
  return `${toVersionsMarkdown()}\n${toComponentsMarkdown()}`;
}
