import { FLOW_ID_PATTERN, type CreateFlowBody } from '@flowline/api-contract';
import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session-context.js';
import { useRouter } from '../router.js';
import { LoadableView, Notice, Page, useApi } from '../ui/index.js';
import { toFlowId, toFlowSummary, toList, toTemplate } from './flow-api.js';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  registration: 'Sign-up form with contact details and consent.',
  'appointment-booking': 'Pick a department, a day and a free slot on the built-in calendar.',
  'support-triage': 'Classify a problem and open a ticket in the inbox.',
  'lead-qualification': 'Budget and needs; branches on the answers through the endpoint.',
  feedback: 'Rate the service and leave a comment.',
  survey: 'A short multi-question survey.',
};

/** Create a Flow from a template (the seeded Flows) or by importing a Flow JSON file. */
export default function NewFlowPage() {
  const { client } = useSession();
  const router = useRouter();
  const templates = useApi<unknown>('/templates');
  const [mode, setMode] = useState<'template' | 'import'>('template');
  const [template, setTemplate] = useState<string | undefined>(undefined);
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const flowId = idEdited ? id : toFlowId(name);
  const [flowJson, setFlowJson] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (name.trim() === '') return setError('Give the Flow a name.');
    if (!new RegExp(FLOW_ID_PATTERN).test(flowId)) return setError('The id must be lower-case letters, digits, - or _ (at most 64).');
    if (mode === 'template' && template === undefined) return setError('Choose a template.');
    if (mode === 'import' && flowJson.trim() === '') return setError('Paste Flow JSON or choose a file.');
    setBusy(true);
    const body: CreateFlowBody = mode === 'template' && template !== undefined ? { id: flowId, name: name.trim(), template } : { id: flowId, name: name.trim(), flowJson };
    const result = await client.post<unknown>('/flows', body);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    const created = toFlowSummary(result.data);
    if (created === undefined) return setError('The server created the Flow but returned no id.');
    router.navigate(`/flows/${encodeURIComponent(created.id)}/edit`);
  };

  const readFile = async (file: File | undefined) => {
    if (file === undefined) return;
    setFlowJson(await file.text());
    if (name.trim() === '') setName(file.name.replace(/\.(flow\.)?json$/i, ''));
  };

  return (
    <Page title="New Flow">
      <form onSubmit={(e) => void submit(e)} className="card" aria-label="New Flow">
        <div className="tabs" role="tablist" aria-label="Start from">
          <button type="button" role="tab" aria-selected={mode === 'template'} onClick={() => setMode('template')}>From a template</button>
          <button type="button" role="tab" aria-selected={mode === 'import'} onClick={() => setMode('import')}>Import Flow JSON</button>
        </div>
        {mode === 'template' ? (
          <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
            <legend className="sr-only">Template</legend>
            <LoadableView state={templates.state}>
              {(body) => (
                <div className="grid-cards">
                  {toList(body, toTemplate).map((t) => (
                    <button
                      type="button"
                      key={t.id}
                      className="card template-card"
                      aria-pressed={template === t.id}
                      onClick={() => {
                        setTemplate(t.id);
                        if (name.trim() === '') setName(t.name);
                      }}
                    >
                      <strong>{t.name}</strong>
                      <span className="muted">{t.description ?? DESCRIPTIONS[t.id] ?? ''}</span>
                    </button>
                  ))}
                </div>
              )}
            </LoadableView>
          </fieldset>
        ) : (
          <div>
            <label htmlFor="flow-file">Flow JSON file</label>
            <input id="flow-file" type="file" accept=".json,application/json" onChange={(e) => void readFile(e.target.files?.[0])} />
            <label htmlFor="flow-json">Or paste Flow JSON</label>
            <textarea id="flow-json" value={flowJson} onChange={(e) => setFlowJson(e.target.value)} rows={10} spellCheck={false} />
          </div>
        )}
        <label htmlFor="flow-name">Name</label>
        <input id="flow-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="flow-id">Id</label>
        <input id="flow-id" type="text" value={flowId} aria-describedby="flow-id-hint" onChange={(e) => { setIdEdited(true); setId(e.target.value); }} />
        <p className="field-hint" id="flow-id-hint">Used in URLs and the data endpoint path (<code>/endpoint/{flowId || 'id'}</code>).</p>
        {error === undefined ? null : <Notice tone="error">{error}</Notice>}
        <div style={{ marginTop: 14 }}>
          <button type="submit" className="button primary" disabled={busy}>{busy ? 'Creating…' : 'Create Flow'}</button>
        </div>
      </form>
    </Page>
  );
}
