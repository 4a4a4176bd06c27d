import { useState } from 'react';
import type { AnswerFields } from './answer-fields.js';

const OTHER = '__other__';

/**
 * The field a condition reads: a list of the Flow's answer fields, and "Another field…" for a path
 * the list does not hold (a context field such as `$contact.tags`, or an endpoint's params).
 */
export function FieldPicker({ id, value, answerFields, onChange }: { id: string; value: string; answerFields: AnswerFields; onChange: (field: string) => void }) {
  const listed = answerFields.fields.includes(value);
  const [other, setOther] = useState(value !== '' && !listed);
  const typing = other || (!listed && value !== '');
  return (
    <>
      <label htmlFor={id}>Field</label>
      <select id={id} value={typing ? OTHER : value} aria-describedby={`${id}-hint`} onChange={(e) => {
        const chosen = e.target.value;
        setOther(chosen === OTHER);
        onChange(chosen === OTHER ? '' : chosen);
      }}>
        <option value="" disabled>Choose an answer field…</option>
        {answerFields.fields.map((f) => <option key={f} value={f}>{f}</option>)}
        <option value={OTHER}>Another field…</option>
      </select>
      {typing ? (
        <>
          <label htmlFor={`${id}-path`} className="sr-only">Field path</label>
          <input id={`${id}-path`} value={value} placeholder="address.city, $contact.tags" onChange={(e) => onChange(e.target.value)} />
        </>
      ) : null}
      <p id={`${id}-hint`} className="sr-only">{answerFields.fields.length === 0 ? 'This Flow\'s answers name no fields yet.' : answerFields.open ? 'The Flow\'s answer fields; its endpoint may add others.' : 'The Flow\'s answer fields.'}</p>
    </>
  );
}
