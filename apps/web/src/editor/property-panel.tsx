import { COMPONENTS, isComponentType, resolvePropertyAt, type PropertySpec } from '@flowline/core';

/** Edits one component's properties within the registry's limits; `onChange(key, value | undefined)` writes back. */
export function PropertyPanel({ component, pointer, version, onChange }: {
  component: Record<string, unknown> | undefined;
  pointer: string | undefined;
  version: string;
  onChange: (key: string, value: unknown) => void;
}) {
  const type = component?.['type'];
  if (component === undefined || typeof type !== 'string' || !isComponentType(type)) {
    return <p className="muted">Put the cursor inside a component in the editor to edit its properties.</p>;
  }
  const spec = COMPONENTS[type];
  return (
    <div className="property-panel">
      <p><strong>{type}</strong> <code className="muted">{pointer}</code></p>
      <p className="muted small">{spec.description}</p>
      {Object.entries(spec.properties).map(([key, raw]) => {
        const prop = resolvePropertyAt(raw, version);
        return <PropertyField key={`${pointer ?? ''}/${key}`} name={key} spec={prop} value={component[key]} onChange={(v) => onChange(key, v)} />;
      })}
    </div>
  );
}

function limits(spec: PropertySpec): string {
  const parts: string[] = [];
  if (spec.required === true) parts.push('required');
  if (spec.maxLength !== undefined) parts.push(`≤ ${spec.maxLength} characters`);
  if (spec.min !== undefined) parts.push(`≥ ${spec.min}`);
  if (spec.max !== undefined) parts.push(`≤ ${spec.max}`);
  if (spec.minItems !== undefined) parts.push(`≥ ${spec.minItems} items`);
  if (spec.maxItems !== undefined) parts.push(`≤ ${spec.maxItems} items`);
  if (spec.since !== undefined) parts.push(`since ${spec.since}`);
  if (spec.dynamic === true) parts.push('may be bound');
  return parts.join(' · ');
}

function PropertyField({ name, spec, value, onChange }: { name: string; spec: PropertySpec; value: unknown; onChange: (value: unknown) => void }) {
  const id = `prop-${name}`;
  const types = Array.isArray(spec.type) ? spec.type : [spec.type];
  const hint = <p className="field-hint" id={`${id}-hint`}>{spec.description ?? ''} {limits(spec)}</p>;
  const bound = typeof value === 'string' && value.includes('${');
  if (spec.enum !== undefined && !bound) {
    return (
      <div className="prop">
        <label htmlFor={id}>{name}</label>
        <select id={id} value={typeof value === 'string' ? value : ''} aria-describedby={`${id}-hint`} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
          <option value="">{spec.default === undefined ? '(not set)' : `(default: ${String(spec.default)})`}</option>
          {spec.enum.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
        {hint}
      </div>
    );
  }
  if (types.includes('boolean') && !bound) {
    return (
      <div className="prop prop-check">
        <input id={id} type="checkbox" checked={value === true} aria-describedby={`${id}-hint`} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={id}>{name}</label>
        {hint}
      </div>
    );
  }
  if ((types.includes('integer') || types.includes('number')) && !bound) {
    return (
      <div className="prop">
        <label htmlFor={id}>{name}</label>
        <input id={id} type="number" value={typeof value === 'number' ? value : ''} aria-describedby={`${id}-hint`}
          {...(spec.min === undefined ? {} : { min: spec.min })} {...(spec.max === undefined ? {} : { max: spec.max })}
          step={types.includes('integer') ? 1 : 'any'}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />
        {hint}
      </div>
    );
  }
  if (types.includes('string')) {
    return (
      <div className="prop">
        <label htmlFor={id}>{name}</label>
        <input id={id} type="text" value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)} aria-describedby={`${id}-hint`}
          {...(spec.maxLength === undefined || bound ? {} : { maxLength: spec.maxLength })}
          onChange={(e) => onChange(e.target.value === '' && spec.required !== true ? undefined : e.target.value)} />
        {hint}
      </div>
    );
  }
  return (
    <div className="prop">
      <span className="prop-name">{name}</span>
      <pre className="prop-json">{value === undefined ? '(not set)' : JSON.stringify(value, null, 1)}</pre>
      <p className="field-hint">{spec.description ?? ''} {limits(spec)} — edit in the JSON.</p>
    </div>
  );
}
