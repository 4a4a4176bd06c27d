import type { SaveScenariosBody } from '@flowline/api-contract';
import { useEffect, useState } from 'react';
import { can } from '../auth/session.js';
import { useSession } from '../auth/session-context.js';
import { LoadableView, Notice, useApi } from '../ui/index.js';
import { toScenarioList } from './scenario-list.js';

/**
 * A Flow's scenario tests (docs/governance.md): listed for everyone; edited as one JSON array by those who
 * may change the Flow. Each review plays them against its version.
 */
export function ScenariosPanel({ flowId }: { readonly flowId: string }) {
  const { me, client } = useSession();
  const path = `/flows/${encodeURIComponent(flowId)}/scenarios`;
  const stored = useApi<unknown>(path);
  const list = stored.state.kind === 'ok' ? toScenarioList(stored.state.data) : undefined;
  const [text, setText] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  useEffect(() => {
    if (text === undefined && list !== undefined) setText(JSON.stringify(list.map((s) => s.scenario), null, 2));
  }, [list, text]);
  const save = async () => {
    let scenarios: unknown;
    try {
      scenarios = JSON.parse(text ?? '[]');
    } catch (error) {
      return setMessage({ tone: 'error', text: `Not JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (!Array.isArray(scenarios)) return setMessage({ tone: 'error', text: 'Write a JSON array of scenarios: [{"name": …, "steps": […]}]' });
    const result = await client.put<unknown>(path, { scenarios } satisfies SaveScenariosBody);
    setMessage(result.ok ? { tone: 'success', text: `Saved ${scenarios.length} scenario test${scenarios.length === 1 ? '' : 's'}.` } : { tone: 'error', text: result.message });
    if (result.ok) stored.reload();
  };
  const editable = can(me, 'flows:write');
  return (
    <section aria-labelledby="scenarios-title">
      <h2 id="scenarios-title">Scenario tests</h2>
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      <LoadableView state={stored.state}>
        {() => list === undefined || list.length === 0
          ? <p className="muted">No scenario tests yet.{editable ? ' Write them below (docs/scenarios.md): each review plays them against its version.' : ''}</p>
          : <ol aria-label="Stored scenario tests">{list.map((s) => <li key={s.name}>{s.name} <span className="muted">· {s.steps} steps · {s.updatedBy}</span></li>)}</ol>}
      </LoadableView>
      {editable ? (
        <div>
          <label htmlFor="scenarios-json">Scenarios (JSON array; no <code>flow</code>, no <code>endpoint</code>)</label>
          <textarea id="scenarios-json" className="scenarios-json" rows={8} spellCheck={false} value={text ?? ''} onChange={(e) => setText(e.target.value)} />
          <div className="page-actions"><button type="button" className="button" onClick={() => void save()}>Save scenario tests</button></div>
        </div>
      ) : null}
    </section>
  );
}
