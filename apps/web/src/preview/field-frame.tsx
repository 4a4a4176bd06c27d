import type { ReactNode } from 'react';

/** The label, helper text and error line around an input, wired for screen readers. */
export function FieldFrame({ id, label, helper, error, optional, children }: {
  id: string; label: string | undefined; helper: string | undefined; error: string | undefined; optional: boolean; children: ReactNode;
}) {
  return (
    <div className={error === undefined ? 'wa-field' : 'wa-field wa-field-error'}>
      {label === undefined ? null : (
        <label className="wa-label" htmlFor={id}>
          {label}
          {optional ? <span className="wa-optional"> (optional)</span> : null}
        </label>
      )}
      {children}
      {error !== undefined ? <p className="wa-error" id={`${id}-error`} role="alert">{error}</p>
        : helper !== undefined ? <p className="wa-helper" id={`${id}-helper`}>{helper}</p> : null}
    </div>
  );
}

/** `aria-describedby` for an input with a helper or an error line. */
export function describedBy(id: string, helper: string | undefined, error: string | undefined): string | undefined {
  return error !== undefined ? `${id}-error` : helper !== undefined ? `${id}-helper` : undefined;
}
