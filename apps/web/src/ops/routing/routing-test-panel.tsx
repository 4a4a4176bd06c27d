import type { TestRoutingBody } from '@flowline/api-contract';
import { useState } from 'react';
import { isJsonObject } from '@flowline/core';
import { useSession } from '../../auth/session-context.js';
import { Notice } from '../../ui/index.js';
import { readJson } from '../read-json.js';
import { toSubmission } from '../ops-views.js';

interface TestResult {
  readonly matched: readonly string[];
  readonly actions: readonly { ruleId: string; type: string; detail: string }[];
  readonly usedDefault: boolean;
}

function toTestResult(body: unknown): TestResult | undefined {
  if (!isJsonObject(body)) return undefined;
  const matched = readJson.list(body['matchedRules'], (m) => (isJsonObject(m) ? readJson.string(m['name']) ?? readJson.string(m['id']) : undefined));
  const actions = readJson.list(body['actions'], (a) => {
    if (!isJsonObject(a) || !isJsonObject(a['action'])) return undefined;
    const { type, ...rest } = a['action'];
    return { ruleId: readJson.string(a['ruleId']) ?? '', type: String(type), detail: JSON.stringify(rest) };
  });
  return { matched, actions, usedDefault: body['usedDefault'] === true };
}

/**
 * "Test against a sample answer": posts the rules being edited (saved or not) with a sample answer to
 * `POST /flows/{id}/routing/test` and shows which rules matched and which actions would be created.
 */
export function RoutingTestPanel({ flowId, draftRules }: { flowId: string; draftRules: () => { ok: true; rules: unknown[] } | { ok: false; message: string } }) {
  const { client } = useSession();
  const [answer, setAnswer] = useState('{\n  \n}');
  const [result, setResult] = useState<TestResult | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const useLatest = async () => {
    const latest = await client.get<unknown>(`/submissions?flowId=${encodeURIComponent(flowId)}&limit=1`);
    const submission = latest.ok ? readJson.list(latest.data, toSubmission)[0] : undefined;
    if (submission === undefined) setProblem('This Flow has no submissions yet: type a sample answer.');
    else {
      setProblem(undefined);
      setAnswer(JSON.stringify(submission.answers, null, 2));
    }
  };

  const run = async () => {
    setResult(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer);
    } catch {
      setProblem('The sample answer is not valid JSON.');
      return;
    }
    if (!isJsonObject(parsed)) {
      setProblem('The sample answer must be a JSON object, e.g. {"budget": 800}.');
      return;
    }
    const rules = draftRules();
    if (!rules.ok) {
      setProblem(rules.message);
      return;
    }
    setBusy(true);
    const response = await client.post<unknown>(`/flows/${encodeURIComponent(flowId)}/routing/test`, { answer: parsed, rules: rules.rules } satisfies TestRoutingBody);
    setBusy(false);
    if (!response.ok) {
      setProblem(response.message);
      return;
    }
    setProblem(undefined);
    setResult(toTestResult(response.data));
  };

  return (
    <section className="card ops-test" aria-labelledby="routing-test-title">
      <h2 id="routing-test-title">Test against a sample answer</h2>
      <label htmlFor="routing-sample">Sample answer (JSON)</label>
      <textarea id="routing-sample" className="ops-code" value={answer} onChange={(e) => setAnswer(e.target.value)} rows={8} />
      <div className="ops-toolbar">
        <button type="button" className="button primary" onClick={() => void run()} disabled={busy}>Test rules</button>
        <button type="button" className="button" onClick={() => void useLatest()}>Use the latest submission</button>
      </div>
      {problem === undefined ? null : <Notice tone="error">{problem}</Notice>}
      {result === undefined ? null : (
        <div role="status" aria-label="Routing test result" className="ops-test-result">
          <p>
            <strong>{result.matched.length === 0 ? 'No rule matched.' : `Matched: ${result.matched.join(', ')}`}</strong>
            {result.usedDefault ? ' (default rules applied)' : ''}
          </p>
          {result.actions.length === 0 ? <p className="muted">No actions would be created.</p> : (
            <ol className="ops-list">
              {result.actions.map((a, i) => <li key={i}><span className="badge">{a.type}</span> <code>{a.detail}</code></li>)}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}
