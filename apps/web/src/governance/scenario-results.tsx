import type { Review } from './review-api.js';

/**
 * The Flow's scenario tests run against the reviewed version (docs/governance.md): a line per scenario,
 * passed or failed, a failure naming its step and message, with what happened on the simulated phone.
 */
export function ScenarioResults({ review }: { readonly review: Review }) {
  const run = review.scenarios;
  if (run.total === 0) {
    return <p className="muted">This Flow has no scenario tests: add them on the Flow's page (Scenario tests), and each review plays them against its version.</p>;
  }
  return (
    <>
      <p>
        Run against v{review.version}: <strong>{run.passed} passed</strong>
        {run.failed === 0 ? null : <>, <strong className="scenario-failed">{run.failed} failed</strong></>} of {run.total}.
        <span className="muted"> Played in preview: nothing is booked, sent or submitted.</span>
      </p>
      <ul className="scenario-results" aria-label="Scenario test results">
        {run.results.map((r) => (
          <li key={r.name} className={r.passed ? 'passed' : 'failed'}>
            <span className={`badge ${r.passed ? 'badge-published' : 'badge-error'}`}>{r.passed ? 'pass' : 'fail'}</span>{' '}
            <strong>{r.name}</strong>
            {r.passed ? null : (
              <div className="scenario-failure">
                {r.step === undefined ? null : <>step {r.step} <code>{r.stepJson}</code>: </>}
                {r.message}
              </div>
            )}
            {r.transcript.length === 0 ? null : (
              <details><summary>What happened on the phone</summary><pre className="scenario-transcript">{r.transcript.join('\n')}</pre></details>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
