import { ROUTING_ACTION_TYPES, routingActionOptions, type RoutingActionType } from '@flowline/core';
import { newActionDraft, OPTION_TEXT, type ActionDraft } from './action-draft.js';

/** What each action type does, in the operator's words. */
export const ACTION_LABELS: Readonly<Record<RoutingActionType, string>> = {
  ticket: 'Open an inbox ticket',
  webhook: 'Call a signed webhook (CRM, billing…)',
  slack: 'Post to Slack',
  tag: 'Tag the contact',
  set_fields: 'Set contact fields',
  book_slot: 'Book a calendar slot',
  exclude_from_campaign: 'Add to a campaign exclusion list',
  assign: 'Assign the conversation',
};

/** Edits one action of a rule: its type and one labelled input per configuration option of that type. */
export function ActionEditor({ action, idPrefix, onChange, onRemove }: { action: ActionDraft; idPrefix: string; onChange: (next: ActionDraft) => void; onRemove: () => void }) {
  return (
    <div className="ops-action">
      <div className="form-row">
        <div>
          <label htmlFor={`${idPrefix}-type`}>Action</label>
          <select id={`${idPrefix}-type`} value={action.type} onChange={(e) => onChange(newActionDraft(ROUTING_ACTION_TYPES.find((t) => t === e.target.value) ?? 'ticket'))}>
            {ROUTING_ACTION_TYPES.map((t) => <option key={t} value={t}>{ACTION_LABELS[t]}</option>)}
          </select>
        </div>
        {routingActionOptions(action.type).map(([key, spec]) => {
          const form = OPTION_TEXT[spec.kind];
          return (
            <div key={key}>
              <label htmlFor={`${idPrefix}-${key}`}>{key}{spec.required ? ' *' : ''}</label>
              <input
                id={`${idPrefix}-${key}`}
                type={form.secret ? 'password' : 'text'}
                value={action.options[key] ?? ''}
                placeholder={form.secret && action.kept?.includes(key) === true ? 'stored; leave empty to keep it' : form.hint}
                aria-required={spec.required}
                onChange={(e) => onChange({ ...action, options: { ...action.options, [key]: e.target.value } })}
              />
            </div>
          );
        })}
        <div className="ops-row-end">
          <button type="button" className="button small danger" onClick={onRemove}>Remove action</button>
        </div>
      </div>
    </div>
  );
}
