import { mediaPickerLimits } from '@flowline/core';
import { describedBy, FieldFrame } from './field-frame.js';
import { dateBound, isRequired, record, text, toIsoDate, type ComponentViewProps } from './component-props.js';

const INPUT_TYPES: Readonly<Record<string, string>> = { text: 'text', number: 'text', email: 'email', password: 'password', passcode: 'password', phone: 'tel' };

/** TextInput and TextArea: controlled by the form value; every keystroke is a `fill` event. */
export function TextFieldView({ component, onEvent, idPrefix }: ComponentViewProps) {
  const id = `${idPrefix}-${component.name ?? 'text'}`;
  const label = text(component, 'label');
  const helper = text(component, 'helper-text');
  const value = typeof component.value === 'string' ? component.value : '';
  const common = {
    id,
    value,
    disabled: !component.enabled,
    'aria-invalid': component.error !== undefined,
    'aria-describedby': describedBy(id, helper, component.error),
    onChange: (e: { target: { value: string } }) => {
      if (component.name !== undefined) onEvent({ type: 'fill', name: component.name, value: e.target.value });
    },
  };
  const max = Number(component.props['max-length'] ?? component.props['max-chars']);
  return (
    <FieldFrame id={id} label={label} helper={helper} error={component.error} optional={!isRequired(component)}>
      {component.type === 'TextArea'
        ? <textarea className="wa-input wa-textarea" rows={3} {...common} {...(Number.isFinite(max) ? { maxLength: max } : {})} />
        : <input className="wa-input" type={INPUT_TYPES[text(component, 'input-type') ?? 'text'] ?? 'text'} inputMode={text(component, 'input-type') === 'number' ? 'decimal' : undefined} {...common} />}
    </FieldFrame>
  );
}

/** DatePicker: a date field (the phone opens a calendar sheet); bounds from min-date/max-date. */
export function DatePickerView({ component, onEvent, idPrefix }: ComponentViewProps) {
  const id = `${idPrefix}-${component.name ?? 'date'}`;
  const helper = text(component, 'helper-text');
  const min = dateBound(component, 'min-date');
  const max = dateBound(component, 'max-date');
  return (
    <FieldFrame id={id} label={text(component, 'label')} helper={helper} error={component.error} optional={!isRequired(component)}>
      <input
        id={id}
        className="wa-input"
        type="date"
        value={toIsoDate(component.value)}
        disabled={!component.enabled}
        aria-invalid={component.error !== undefined}
        aria-describedby={describedBy(id, helper, component.error)}
        {...(min === undefined ? {} : { min })}
        {...(max === undefined ? {} : { max })}
        onChange={(e) => { if (component.name !== undefined) onEvent({ type: 'fill', name: component.name, value: e.target.value }); }}
      />
    </FieldFrame>
  );
}

/** CalendarPicker in `single` or `range` mode (range value `{start-date, end-date}`). */
export function CalendarPickerView({ component, onEvent, idPrefix }: ComponentViewProps) {
  const id = `${idPrefix}-${component.name ?? 'calendar'}`;
  const range = text(component, 'mode') === 'range';
  const min = dateBound(component, 'min-date');
  const max = dateBound(component, 'max-date');
  const bounds = { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
  const helper = text(component, 'helper-text');
  const title = text(component, 'title');
  const description = text(component, 'description');
  const name = component.name;
  if (!range) {
    return (
      <div className="wa-calendar">
        {title === undefined ? null : <p className="wa-subheading">{title}</p>}
        {description === undefined ? null : <p className="wa-caption">{description}</p>}
        <FieldFrame id={id} label={text(component, 'label') ?? 'Date'} helper={helper} error={component.error} optional={!isRequired(component)}>
          <input id={id} className="wa-input" type="date" value={toIsoDate(component.value)} disabled={!component.enabled} {...bounds}
            aria-invalid={component.error !== undefined}
            onChange={(e) => { if (name !== undefined) onEvent({ type: 'fill', name, value: e.target.value }); }} />
        </FieldFrame>
      </div>
    );
  }
  const labels = record(component, 'label');
  const current = typeof component.value === 'object' && component.value !== null ? (component.value as Record<string, unknown>) : {};
  const start = toIsoDate(current['start-date']);
  const end = toIsoDate(current['end-date']);
  const set = (key: 'start-date' | 'end-date', value: string) => {
    if (name === undefined) return;
    const next = { 'start-date': key === 'start-date' ? value : start, 'end-date': key === 'end-date' ? value : end };
    if (next['start-date'] !== '' && next['end-date'] !== '') onEvent({ type: 'fill', name, value: next });
  };
  return (
    <div className="wa-calendar" role="group" aria-label={title ?? 'Date range'}>
      {title === undefined ? null : <p className="wa-subheading">{title}</p>}
      {description === undefined ? null : <p className="wa-caption">{description}</p>}
      <div className="wa-range">
        <FieldFrame id={`${id}-start`} label={typeof labels?.['start-date'] === 'string' ? labels['start-date'] : 'Start date'} helper={undefined} error={undefined} optional={false}>
          <input id={`${id}-start`} className="wa-input" type="date" defaultValue={start} disabled={!component.enabled} {...bounds} onChange={(e) => set('start-date', e.target.value)} />
        </FieldFrame>
        <FieldFrame id={`${id}-end`} label={typeof labels?.['end-date'] === 'string' ? labels['end-date'] : 'End date'} helper={undefined} error={undefined} optional={false}>
          <input id={`${id}-end`} className="wa-input" type="date" defaultValue={end} disabled={!component.enabled} {...bounds} onChange={(e) => set('end-date', e.target.value)} />
        </FieldFrame>
      </div>
      {component.error === undefined ? null : <p className="wa-error" role="alert">{component.error}</p>}
    </div>
  );
}

/** PhotoPicker and DocumentPicker: choosing files fills `{file_name, mime_type, size_kb}` entries. */
export function MediaPickerView({ component, onEvent, idPrefix, onPickFiles }: ComponentViewProps) {
  const id = `${idPrefix}-${component.name ?? 'media'}`;
  const photo = component.type === 'PhotoPicker';
  const noun = photo ? 'photos' : 'documents';
  // The types WhatsApp takes for this picker (the registry's list), so the file dialog offers only those.
  const accept = mediaPickerLimits(component)?.mimeTypes.join(',');
  const max = Number(component.props[`max-uploaded-${noun}`] ?? 30);
  const files = Array.isArray(component.value) ? component.value : [];
  const names = files.map((f) => (typeof f === 'object' && f !== null && typeof (f as { file_name?: unknown }).file_name === 'string' ? (f as { file_name: string }).file_name : '')).filter((n) => n !== '');
  return (
    <FieldFrame id={id} label={text(component, 'label')} helper={text(component, 'description')} error={component.error} optional={Number(component.props[`min-uploaded-${noun}`] ?? 0) === 0}>
      <div className="wa-media">
        <span className="wa-media-icon" aria-hidden="true">{photo ? '📷' : '📄'}</span>
        <span>{files.length === 0 ? (photo ? 'Take photo or choose from gallery' : 'Upload document') : names.length === files.length ? names.join(', ') : `${files.length} file${files.length === 1 ? '' : 's'} selected`}</span>
        <input
          id={id}
          type="file"
          className="wa-file"
          multiple={max > 1}
          disabled={!component.enabled}
          {...(accept === undefined || accept === '' ? {} : { accept })}
          onChange={(e) => {
            if (component.name === undefined) return;
            const chosen = Array.from(e.target.files ?? []).slice(0, Number.isFinite(max) && max > 0 ? max : 30);
            // The same file chosen again must fire a change again.
            e.target.value = '';
            if (onPickFiles !== undefined) return onPickFiles(component, chosen);
            onEvent({ type: 'fill', name: component.name, value: chosen.map((f) => ({ file_name: f.name, mime_type: f.type, size_kb: Math.ceil(f.size / 1024) })) });
          }}
        />
      </div>
    </FieldFrame>
  );
}
