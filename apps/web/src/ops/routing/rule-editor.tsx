import { newActionDraft } from './action-draft.js';
import { ActionEditor } from './action-editor.js';
import type { AnswerFields } from './answer-fields.js';
import { FieldPicker } from './field-picker.js';
import { toProblemPlace } from './rule-problem-place.js';
import { CONDITION_OPERATORS, MATCH_MODES, fromRuleDraft, newConditionDraft, type ConditionDraft, type ConditionOperator, type MatchMode, type RuleDraft } from './rule-draft.js';

const OPERATOR_LABELS: Readonly<Record<ConditionOperator, string>> = {
  equals: 'equals', notEquals: 'does not equal', in: 'is one of', notIn: 'is none of', between: 'is between',
  gt: '>', gte: '≥', lt: '<', lte: '≤', contains: 'contains', exists: 'is answered', missing: 'is not answered',
};

const MODE_LABELS: Readonly<Record<MatchMode, string>> = {
  all: 'all conditions hold', any: 'any condition holds', always: 'always', default: 'no other rule matched (default)',
};

interface RuleEditorProps {
  readonly rule: RuleDraft;
  readonly index: number;
  readonly count: number;
  readonly readOnly: boolean;
  /** The fields a condition can read (the Flow's answer fields). */
  readonly answerFields: AnswerFields;
  onChange(next: RuleDraft): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}

/** One routing rule as a labelled form: name, when it applies, its conditions, whether it stops, its actions. */
export function RuleEditor({ rule, index, count, readOnly, answerFields, onChange, onMove, onRemove }: RuleEditorProps) {
  const id = `rule-${rule.key}`;
  const checked = fromRuleDraft(rule);
  const setCondition = (i: number, next: ConditionDraft) => onChange({ ...rule, conditions: rule.conditions.map((c, j) => (j === i ? next : c)) });
  return (
    <fieldset className="card ops-rule" disabled={readOnly} aria-describedby={checked.ok ? undefined : `${id}-problems`}>
      <legend><span className="ops-rule-number">{index + 1}</span> {rule.name || 'Rule'}{rule.enabled ? '' : ' (off)'}</legend>
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-name`}>Rule name</label>
          <input id={`${id}-name`} value={rule.name} onChange={(e) => onChange({ ...rule, name: e.target.value })} />
        </div>
        <div>
          <label htmlFor={`${id}-mode`}>Applies when</label>
          <select id={`${id}-mode`} value={rule.mode} onChange={(e) => onChange({ ...rule, mode: MATCH_MODES.find((m) => m === e.target.value) ?? 'all' })}>
            {MATCH_MODES.map((m) => <option key={m} value={m}>{MODE_LABELS[m]}</option>)}
          </select>
        </div>
        <div className="ops-checks">
          <label className="ops-check"><input type="checkbox" checked={rule.enabled} onChange={(e) => onChange({ ...rule, enabled: e.target.checked })} /> Enabled</label>
          <label className="ops-check"><input type="checkbox" checked={rule.stop} onChange={(e) => onChange({ ...rule, stop: e.target.checked })} /> Stop after this rule</label>
        </div>
      </div>

      {rule.mode === 'all' || rule.mode === 'any' ? (
        rule.advancedWhen !== undefined ? (
          <div>
            <label htmlFor={`${id}-when`}>Condition (JSON — nested groups are edited as text)</label>
            <textarea id={`${id}-when`} value={rule.advancedWhen} onChange={(e) => onChange({ ...rule, advancedWhen: e.target.value })} />
          </div>
        ) : (
          <div className="ops-conditions" role="group" aria-label={`Conditions of rule ${index + 1}`}>
            {rule.conditions.map((c, i) => (
              <div className="form-row ops-condition" key={i}>
                <div>
                  <FieldPicker id={`${id}-c${i}-field`} value={c.field} answerFields={answerFields} onChange={(field) => setCondition(i, { ...c, field })} />
                </div>
                <div>
                  <label htmlFor={`${id}-c${i}-op`}>Operator</label>
                  <select id={`${id}-c${i}-op`} value={c.operator} onChange={(e) => setCondition(i, { ...c, operator: CONDITION_OPERATORS.find((o) => o === e.target.value) ?? 'equals' })}>
                    {CONDITION_OPERATORS.map((o) => <option key={o} value={o}>{OPERATOR_LABELS[o]}</option>)}
                  </select>
                </div>
                {c.operator === 'exists' || c.operator === 'missing' ? <div aria-hidden="true" /> : (
                  <div>
                    <label htmlFor={`${id}-c${i}-value`}>{c.operator === 'between' ? 'From' : c.operator === 'in' || c.operator === 'notIn' ? 'Values (comma-separated)' : 'Value'}</label>
                    <input id={`${id}-c${i}-value`} value={c.value} onChange={(e) => setCondition(i, { ...c, value: e.target.value })} />
                  </div>
                )}
                {c.operator === 'between' ? (
                  <div>
                    <label htmlFor={`${id}-c${i}-upper`}>To</label>
                    <input id={`${id}-c${i}-upper`} value={c.upper} onChange={(e) => setCondition(i, { ...c, upper: e.target.value })} />
                  </div>
                ) : null}
                <div className="ops-row-end">
                  <button type="button" className="button small" aria-label={`Remove condition ${i + 1} of rule ${index + 1}`} onClick={() => onChange({ ...rule, conditions: rule.conditions.filter((_, j) => j !== i) })}>✕</button>
                </div>
              </div>
            ))}
            <button type="button" className="button small" onClick={() => onChange({ ...rule, conditions: [...rule.conditions, newConditionDraft()] })}>Add condition</button>
          </div>
        )
      ) : null}

      <h3 className="ops-subhead">Actions</h3>
      {rule.actions.length === 0 ? <p className="muted">No actions: a matching answer is only recorded.</p> : null}
      {rule.actions.map((action, i) => (
        <ActionEditor
          key={i}
          action={action}
          idPrefix={`${id}-a${i}`}
          onChange={(next) => onChange({ ...rule, actions: rule.actions.map((a, j) => (j === i ? next : a)) })}
          onRemove={() => onChange({ ...rule, actions: rule.actions.filter((_, j) => j !== i) })}
        />
      ))}
      <div className="ops-toolbar">
        <button type="button" className="button small" onClick={() => onChange({ ...rule, actions: [...rule.actions, newActionDraft('ticket')] })}>Add action</button>
        <span className="ops-spacer" />
        <button type="button" className="button small" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move rule ${index + 1} up`}>↑</button>
        <button type="button" className="button small" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Move rule ${index + 1} down`}>↓</button>
        <button type="button" className="button small danger" onClick={onRemove}>Delete rule</button>
      </div>
      {checked.ok ? null : (
        <ul id={`${id}-problems`} className="ops-problems" aria-label={`Problems of rule ${index + 1}`}>
          {checked.problems.map((p, i) => <li key={i}><strong>{toProblemPlace(p.pointer, rule)}:</strong> {p.message}</li>)}
        </ul>
      )}
    </fieldset>
  );
}
