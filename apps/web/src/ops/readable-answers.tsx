import type { SubmissionView } from './ops-views.js';
import { SubmissionMedia } from './submission-media.js';

/**
 * A submission's answers as people read them (label: value; photos as thumbnails, documents as
 * links), with the raw JSON one click away.
 * Falls back to the raw JSON when the server sent no readable answers.
 */
export function ReadableAnswers({ submission, compact = false }: { submission: SubmissionView; compact?: boolean }) {
  if (submission.readable.length === 0) return <code className="ops-answers">{JSON.stringify(submission.answers)}</code>;
  return (
    <div className={compact ? 'ops-readable compact' : 'ops-readable'}>
      <dl className="ops-kv" aria-label={`Answers to ${submission.flowId}`}>
        {submission.readable.map((r) => (
          <div key={r.field} className="ops-kv-row" data-field={r.field}>
            <dt>{r.label}</dt>
            <dd title={r.masked ? 'Marked sensitive in the Flow: hidden from your role' : undefined}>
              {r.text === '' ? <span className="muted">—</span> : r.text}
              {r.kind === 'media' && !r.masked ? <SubmissionMedia submissionId={submission.id} field={r.field} /> : null}
            </dd>
          </div>
        ))}
      </dl>
      <details><summary>Raw answer (JSON)</summary><pre className="ops-code">{JSON.stringify(submission.answers, null, 2)}</pre></details>
    </div>
  );
}
