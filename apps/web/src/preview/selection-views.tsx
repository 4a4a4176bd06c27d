import type { RenderedOption } from '@flowline/core';
import { describedBy, FieldFrame } from './field-frame.js';
import { isRequired, text, toImageUrl, type ComponentViewProps } from './component-props.js';

function OptionText({ option }: { option: RenderedOption }) {
  const image = toImageUrl(option.image);
  return (
    <span className="wa-option-text">
      {image === undefined ? null : <img src={image} alt={option.altText ?? ''} className="wa-option-image" />}
      <span>
        <span className="wa-option-title">{option.title}</span>
        {option.description === undefined ? null : <span className="wa-option-description">{option.description}</span>}
        {option.metadata === undefined ? null : <span className="wa-option-metadata">{option.metadata}</span>}
      </span>
    </span>
  );
}

/** RadioButtonsGroup and CheckboxGroup: a labelled group of choices (select/unselect events). */
export function ChoiceGroupView({ component, onEvent, idPrefix }: ComponentViewProps) {
  const multi = component.type === 'CheckboxGroup';
  const name = component.name ?? 'choice';
  const id = `${idPrefix}-${name}`;
  const label = text(component, 'label');
  const description = text(component, 'description');
  return (
    <fieldset className="wa-group" aria-invalid={component.error !== undefined} aria-describedby={describedBy(id, description, component.error)}>
      {label === undefined ? null : <legend className="wa-label">{label}{isRequired(component) ? null : <span className="wa-optional"> (optional)</span>}</legend>}
      {description === undefined ? null : <p className="wa-helper" id={`${id}-helper`}>{description}</p>}
      {(component.options ?? []).map((option) => (
        <label key={option.id} className={option.enabled ? 'wa-option' : 'wa-option wa-disabled'}>
          <OptionText option={option} />
          <input
            type={multi ? 'checkbox' : 'radio'}
            name={id}
            checked={option.selected}
            disabled={!component.enabled || !option.enabled}
            onChange={() => onEvent(multi && option.selected ? { type: 'unselect', name, id: option.id } : { type: 'select', name, id: option.id })}
          />
        </label>
      ))}
      {component.error === undefined ? null : <p className="wa-error" id={`${id}-error`} role="alert">{component.error}</p>}
    </fieldset>
  );
}

/** Dropdown: a native select (the phone opens a searchable sheet). */
export function DropdownView({ component, onEvent, idPrefix }: ComponentViewProps) {
  const name = component.name ?? 'dropdown';
  const id = `${idPrefix}-${name}`;
  const selected = (component.options ?? []).find((o) => o.selected)?.id ?? '';
  return (
    <FieldFrame id={id} label={text(component, 'label')} helper={undefined} error={component.error} optional={!isRequired(component)}>
      <select
        id={id}
        className="wa-input"
        value={selected}
        disabled={!component.enabled}
        aria-invalid={component.error !== undefined}
        onChange={(e) => { if (e.target.value !== '') onEvent({ type: 'select', name, id: e.target.value }); }}
      >
        <option value="" disabled>Select</option>
        {(component.options ?? []).map((o) => <option key={o.id} value={o.id} disabled={!o.enabled}>{o.title}</option>)}
      </select>
    </FieldFrame>
  );
}

/** ChipsSelector: toggle buttons (`aria-pressed`), multi-select. */
export function ChipsView({ component, onEvent, idPrefix }: ComponentViewProps) {
  const name = component.name ?? 'chips';
  const id = `${idPrefix}-${name}`;
  const label = text(component, 'label');
  const description = text(component, 'description');
  return (
    <div className="wa-group" role="group" aria-labelledby={`${id}-label`}>
      <p className="wa-label" id={`${id}-label`}>{label}{isRequired(component) ? null : <span className="wa-optional"> (optional)</span>}</p>
      {description === undefined ? null : <p className="wa-helper">{description}</p>}
      <div className="wa-chips">
        {(component.options ?? []).map((o) => (
          <button
            type="button"
            key={o.id}
            className="wa-chip"
            aria-pressed={o.selected}
            disabled={!component.enabled || !o.enabled}
            onClick={() => onEvent({ type: o.selected ? 'unselect' : 'select', name, id: o.id })}
          >
            {o.selected ? '✓ ' : ''}{o.title}
          </button>
        ))}
      </div>
      {component.error === undefined ? null : <p className="wa-error" role="alert">{component.error}</p>}
    </div>
  );
}

/** OptIn: a checkbox with an optional "Read more" link that runs its on-click-action. */
export function OptInView({ component, onEvent, idPrefix }: ComponentViewProps) {
  const name = component.name ?? 'optin';
  const id = `${idPrefix}-${name}`;
  const label = text(component, 'label') ?? '';
  return (
    <div className={component.error === undefined ? 'wa-optin' : 'wa-optin wa-field-error'}>
      <input id={id} type="checkbox" checked={component.value === true} disabled={!component.enabled}
        aria-invalid={component.error !== undefined}
        onChange={(e) => onEvent({ type: 'fill', name, value: e.target.checked })} />
      <label htmlFor={id}>{label}{isRequired(component) ? null : <span className="wa-optional"> (optional)</span>}</label>
      {component.hasAction ? <button type="button" className="wa-link" onClick={() => onEvent({ type: 'press', target: { optIn: name } })}>Read more</button> : null}
      {component.error === undefined ? null : <p className="wa-error" role="alert">{component.error}</p>}
    </div>
  );
}
