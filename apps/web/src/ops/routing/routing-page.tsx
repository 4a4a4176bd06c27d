import type { SaveRoutingRulesBody } from '@flowline/api-contract';
import { useEffect, useRef, useState } from 'react';
import { isJsonObject } from '@flowline/core';
import { can } from '../../auth/session.js';
import { useSession } from '../../auth/session-context.js';
import { loadLatestFlowJson, toFlowSummary, toList } from '../../flows/flow-api.js';
import { Link, useRouter } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { LoadableView, Notice, Page, useApi } from '../../ui/index.js';
import { readJson } from '../read-json.js';
import { toAnswerFields, type AnswerFields } from './answer-fields.js';
import { RoutingTestPanel } from './routing-test-panel.js';
import { RuleEditor } from './rule-editor.js';
import { toProblemPlace } from './rule-problem-place.js';
import { fromRuleDraft, newRuleDraft, toRuleDraft, type RuleDraft } from './rule-draft.js';
import '../ops.css';

/** The routing rules editor of one Flow, with a test against a sample answer; `/routing` picks the Flow. */
export default function RoutingPage({ params }: PageProps) {
  const { me } = useSession();
  const router = useRouter();
  const flows = useApi<unknown>('/flows?limit=100');
  const flowId = params['flowId'];
  return (
    <Page title="Routing" wide actions={<Link to="/deliveries" className="button">Deliveries</Link>}>
      <LoadableView state={flows.state}>
        {(body) => {
          const list = toList(body, toFlowSummary);
          return (
            <div className="form-row ops-picker">
              <div>
                <label htmlFor="routing-flow">Flow</label>
                <select id="routing-flow" value={flowId ?? ''} onChange={(e) => router.navigate(`/routing/${encodeURIComponent(e.target.value)}`)}>
                  <option value="" disabled>Choose a Flow…</option>
                  {list.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
                </select>
              </div>
            </div>
          );
        }}
      </LoadableView>
      {flowId === undefined ? <p className="muted">Choose a Flow to see and edit the rules that route its answers.</p> : <RulesEditor flowId={flowId} readOnly={!can(me, 'routing:write')} />}
    </Page>
  );
}

function RulesEditor({ flowId, readOnly }: { flowId: string; readOnly: boolean }) {
  const { client } = useSession();
  const { state, reload } = useApi<unknown>(`/flows/${encodeURIComponent(flowId)}/routing`);
  const [drafts, setDrafts] = useState<RuleDraft[] | undefined>(undefined);
  const [shared, setShared] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const [answerFields, setAnswerFields] = useState<AnswerFields>({ fields: [], open: true });
  const nextKey = useRef(1);
  const key = () => `n${nextKey.current++}`;

  useEffect(() => {
    if (state.kind !== 'ok') return;
    const body = isJsonObject(state.data) ? state.data : {};
    setDrafts(readJson.items(body['rules']).map((r) => toRuleDraft(r, key())));
    setShared(readJson.list(body['workspaceRules'], (r) => (isJsonObject(r) ? readJson.string(r['name']) : undefined)));
  }, [state]);

  // The fields conditions can read come from the Flow's latest version (its answer contract).
  useEffect(() => {
    let live = true;
    void loadLatestFlowJson(client, flowId).then((loaded) => {
      if (!live || !loaded.ok) return;
      try {
        setAnswerFields(toAnswerFields(JSON.parse(loaded.text)));
      } catch {
        // A version that is not JSON offers no fields; "Another field…" still takes a path.
      }
    });
    return () => {
      live = false;
    };
  }, [client, flowId]);

  const toRules = (): { ok: true; rules: unknown[] } | { ok: false; message: string } => {
    const rules: unknown[] = [];
    for (const [i, draft] of (drafts ?? []).entries()) {
      const result = fromRuleDraft(draft);
      if (!result.ok) return { ok: false, message: `Rule ${i + 1} (${draft.name}) has problems: ${result.problems.map((p) => `${toProblemPlace(p.pointer, draft)}: ${p.message}`).join('; ')}` };
      rules.push(result.rule);
    }
    return { ok: true, rules };
  };

  const save = async () => {
    const rules = toRules();
    if (!rules.ok) {
      setMessage({ tone: 'error', text: rules.message });
      return;
    }
    const result = await client.put<unknown>(`/flows/${encodeURIComponent(flowId)}/routing`, { rules: rules.rules } satisfies SaveRoutingRulesBody);
    setMessage(result.ok ? { tone: 'success', text: `Saved ${rules.rules.length} rule${rules.rules.length === 1 ? '' : 's'}.` } : { tone: 'error', text: result.message });
    if (result.ok) reload();
  };

  const update = (i: number, next: RuleDraft) => setDrafts((old) => old?.map((d, j) => (j === i ? next : d)));
  const move = (i: number, delta: -1 | 1) =>
    setDrafts((old) => {
      if (old === undefined) return old;
      const copy = [...old];
      const [item] = copy.splice(i, 1);
      if (item !== undefined) copy.splice(i + delta, 0, item);
      return copy;
    });

  if (state.kind !== 'ok' || drafts === undefined) return <LoadableView state={state}>{() => null}</LoadableView>;
  return (
    <div className="ops-routing">
      <div>
        <div className="ops-toolbar">
          <h2 className="ops-grow">Rules, in order</h2>
          {readOnly ? <span className="badge">read only</span> : (
            <>
              <button type="button" className="button" onClick={() => setDrafts([...drafts, newRuleDraft(key(), `Rule ${drafts.length + 1}`)])}>Add rule</button>
              <button type="button" className="button primary" onClick={() => void save()}>Save rules</button>
            </>
          )}
        </div>
        {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
        {drafts.length === 0 ? <p className="muted">No rules yet: answers of this Flow are stored without actions.</p> : null}
        {drafts.map((draft, i) => (
          <RuleEditor key={draft.key} rule={draft} index={i} count={drafts.length} readOnly={readOnly} answerFields={answerFields} onChange={(next) => update(i, next)} onMove={(d) => move(i, d)} onRemove={() => setDrafts(drafts.filter((_, j) => j !== i))} />
        ))}
        {shared.length === 0 ? null : <p className="muted">Workspace-wide rules also apply after these: {shared.join(', ')}.</p>}
      </div>
      <RoutingTestPanel flowId={flowId} draftRules={toRules} />
    </div>
  );
}
