import type { CreateTemplateBody } from '@flowline/api-contract';
import { useState, type FormEvent } from 'react';
import { isJsonObject } from '@flowline/core';
import { useSession } from '../auth/session-context.js';
import { str } from '../json-fields.js';
import { LoadableView, Notice, StatusBadge, useApi, type Loadable } from '../ui/index.js';
import { screenIdsOf, toTemplates } from './whatsapp-api.js';

/** The FLOW-button templates that start a Flow: Meta's review status, create, delete (docs/whatsapp.md §2). */
export function FlowTemplatesSection({ flowId, manage, state, reload, canCreate, currentGraphFlowIds, metaVersion }: {
  flowId: string;
  /** The current Meta Flow of each of the Flow's builds (the source's and each language's). */
  currentGraphFlowIds: readonly string[];
  /** The Flowline version on the current Meta Flow: its screens are the navigate_screen choices. */
  metaVersion: number | undefined;
  manage: boolean;
  state: Loadable<unknown>;
  reload: () => void;
  canCreate: boolean;
}) {
  const { client } = useSession();
  const [form, setForm] = useState<{ name: string; language: string; category: CreateTemplateBody['category']; body: string; examples: string; buttonText: string; flowAction: NonNullable<CreateTemplateBody['flowAction']>; navigateScreen: string }>({ name: '', language: 'en_US', category: 'UTILITY', body: '', examples: '', buttonText: '', flowAction: 'navigate', navigateScreen: '' });
  const version = useApi<unknown>(manage && canCreate && metaVersion !== undefined ? `/flows/${encodeURIComponent(flowId)}/versions/${metaVersion}` : undefined);
  const screens = version.state.kind === 'ok' && isJsonObject(version.state.data) ? screenIdsOf(str(version.state.data['flowJson'])) : [];
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const items = state.kind === 'ok' ? toTemplates(state.data).filter((t) => t.flowId === flowId) : [];

  const call = async (action: () => Promise<{ tone: 'error' | 'success'; text: string }>) => {
    setBusy(true);
    try {
      setMessage(await action());
    } finally {
      setBusy(false);
      reload();
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void call(async () => {
      const bodyExamples = form.examples.split('\n').map((line) => line.trim()).filter((line) => line !== '');
      const { name, language, category, body, buttonText, flowAction, navigateScreen } = form;
      // navigate_screen goes with navigate only; left empty, Meta opens the Flow's first screen.
      const screen = flowAction === 'navigate' && navigateScreen !== '' ? { navigateScreen } : {};
      const result = await client.post<unknown>('/whatsapp/templates', { name, language, category, body, buttonText, flowAction, ...screen, flowId, ...(bodyExamples.length === 0 ? {} : { bodyExamples }) } satisfies CreateTemplateBody);
      if (!result.ok) return { tone: 'error', text: result.message };
      setForm({ ...form, name: '', body: '', examples: '', buttonText: '' });
      return { tone: 'success', text: `Template ${form.name} sent to Meta for review.` };
    });
  };
  const refresh = () => void call(async () => {
    const result = await client.get<unknown>('/whatsapp/templates?refresh=true');
    return result.ok ? { tone: 'success', text: 'Review status read from Meta.' } : { tone: 'error', text: result.message };
  });
  const remove = (name: string) => void call(async () => {
    const result = await client.delete<unknown>(`/whatsapp/templates/${encodeURIComponent(name)}`);
    return result.ok ? { tone: 'success', text: `Template ${name} deleted on Meta.` } : { tone: 'error', text: result.message };
  });

  return (
    <div className="wa-section">
      <h3>Templates with a FLOW button</h3>
      <p className="muted small">A message template whose button opens this Flow (its current Meta Flow); businesses may send it without the 24-hour window. Meta reviews each one. A button opens one Meta Flow, so make a template per language: one in a translated language of the Flow (es, or es_MX for es) opens that language's own Meta Flow once it has one; sends pick the template of the same name in the customer's language.</p>
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      <LoadableView state={state}>
        {() => items.length === 0 ? <p className="muted">No template starts this Flow yet.</p> : (
          <table className="data" aria-label="Templates">
            <thead><tr><th scope="col">Name</th><th scope="col">Language</th><th scope="col">Category</th><th scope="col">Review</th><th scope="col">Meta Flow</th><th scope="col">Opens the build in</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {items.map((t) => (
                <tr key={`${t.name}-${t.language}`}>
                  <td>{t.name}</td>
                  <td>{t.language}</td>
                  <td>{t.category}</td>
                  <td><StatusBadge status={t.status} />{t.reason === undefined ? null : <span className="muted small"> {t.reason}</span>}</td>
                  <td><code>{t.graphFlowId}</code>{currentGraphFlowIds.length === 0 || currentGraphFlowIds.includes(t.graphFlowId) ? null : <span className="muted small"> an earlier Meta Flow: create the template again to open the current one</span>}</td>
                  <td>{t.flowLanguage ?? '—'}</td>
                  <td>{manage ? <button type="button" className="button small danger" disabled={busy} onClick={() => remove(t.name)} aria-label={`Delete template ${t.name}`}>Delete</button> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadableView>
      <button type="button" className="button small" disabled={busy} onClick={refresh}>Refresh review status</button>
      {!manage ? null : !canCreate ? <p className="muted small">Push the Flow to WhatsApp first: a template's FLOW button opens its Meta Flow.</p> : (
        <form className="card wa-section" onSubmit={create} aria-label="New template">
          <div className="form-row">
            <div>
              <label htmlFor="wa-tpl-name">Template name</label>
              <input id="wa-tpl-name" type="text" value={form.name} required pattern="[a-z0-9_]+" aria-describedby="wa-tpl-name-hint" onChange={(e) => setForm({ ...form, name: e.target.value })} />
              <div className="field-hint" id="wa-tpl-name-hint">Lower-case letters, digits and _.</div>
            </div>
            <div>
              <label htmlFor="wa-tpl-language">Language</label>
              <input id="wa-tpl-language" type="text" value={form.language} required onChange={(e) => setForm({ ...form, language: e.target.value })} />
            </div>
            <div>
              <label htmlFor="wa-tpl-category">Category</label>
              <select id="wa-tpl-category" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value === 'MARKETING' ? 'MARKETING' : 'UTILITY' })}>
                <option value="UTILITY">UTILITY</option>
                <option value="MARKETING">MARKETING</option>
              </select>
            </div>
          </div>
          <label htmlFor="wa-tpl-body">Body</label>
          <textarea id="wa-tpl-body" value={form.body} required maxLength={1024} onChange={(e) => setForm({ ...form, body: e.target.value })} />
          <label htmlFor="wa-tpl-examples">Examples of the variables</label>
          <textarea id="wa-tpl-examples" value={form.examples} aria-describedby="wa-tpl-examples-hint" onChange={(e) => setForm({ ...form, examples: e.target.value })} />
          <div className="field-hint" id="wa-tpl-examples-hint">One line per {'{{1}}'}, {'{{2}}'}… in the body (Meta needs one example each); empty when the body has none.</div>
          <label htmlFor="wa-tpl-button">Button text</label>
          <input id="wa-tpl-button" type="text" value={form.buttonText} required maxLength={25} onChange={(e) => setForm({ ...form, buttonText: e.target.value })} />
          <div className="form-row">
            <div>
              <label htmlFor="wa-tpl-action">What the button does</label>
              <select id="wa-tpl-action" value={form.flowAction} aria-describedby="wa-tpl-action-hint" onChange={(e) => setForm({ ...form, flowAction: e.target.value === 'data_exchange' ? 'data_exchange' : 'navigate' })}>
                <option value="navigate">navigate: open a screen</option>
                <option value="data_exchange">data_exchange: ask the endpoint for the first screen</option>
              </select>
              <div className="field-hint" id="wa-tpl-action-hint">Meta's flow_action. data_exchange needs the Flow's data endpoint to answer INIT.</div>
            </div>
            <div>
              <label htmlFor="wa-tpl-screen">First screen</label>
              <select id="wa-tpl-screen" value={form.flowAction === 'navigate' ? form.navigateScreen : ''} disabled={form.flowAction !== 'navigate'} aria-describedby="wa-tpl-screen-hint" onChange={(e) => setForm({ ...form, navigateScreen: e.target.value })}>
                <option value="">the Flow's first screen</option>
                {screens.map((id) => <option key={id} value={id}>{id}</option>)}
              </select>
              <div className="field-hint" id="wa-tpl-screen-hint">Meta's navigate_screen{metaVersion === undefined ? '' : ` (screens of version ${metaVersion}, the one on Meta)`}; with navigate only.</div>
            </div>
          </div>
          <div className="page-actions wa-section">
            <button type="submit" className="button primary" disabled={busy}>Create template</button>
          </div>
        </form>
      )}
    </div>
  );
}
