import type { ApproveVersionBody, PublishFlowBody, RequestChangesBody, ReviewCommentBody, SubmitReviewBody } from '@flowline/api-contract';
import { useState } from 'react';
import { useSession } from '../auth/session-context.js';
import { Link } from '../router.js';
import { LoadableView, Notice, Page, StatusBadge, useApi } from '../ui/index.js';
import type { PageProps } from '../routes.js';
import { DiffView, toDiffLines, toDiffSummary } from '../flows/diff-view.js';
import { stateLabel, toReview, type Review } from './review-api.js';
import { ScenarioResults } from './scenario-results.js';

type Message = { tone: 'error' | 'success'; text: string } | undefined;

/**
 * The review of one version (docs/governance.md): its state and steps, the diff against the published
 * version, the answer contract's changes (those that break a routing rule or connector flagged), the
 * routing rules' changes and the Flow's scenario tests run against this version; and the actions the signed-in role may take now.
 */
export default function ReviewPage({ params }: PageProps) {
  const id = params['id'] ?? '';
  const version = params['version'] ?? '';
  const base = `/flows/${encodeURIComponent(id)}`;
  const { client } = useSession();
  const report = useApi<unknown>(`${base}/versions/${encodeURIComponent(version)}/review`);
  const review = report.state.kind === 'ok' ? toReview(report.state.data) : undefined;
  const diff = useApi<unknown>(review?.base === undefined ? undefined : `${base}/diff?from=${review.base}&to=${version}`);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<Message>(undefined);

  const act = async (path: string, body: unknown, done: string) => {
    const result = await client.post<unknown>(path, body);
    setMessage(result.ok ? { tone: 'success', text: done } : { tone: 'error', text: result.message });
    if (result.ok) setComment('');
    report.reload();
  };
  const stepPath = (step: string) => `${base}/versions/${version}/${step}`;
  const withComment = comment.trim() === '' ? {} : { comment: comment.trim() };

  return (
    <Page title={`Review of v${version}`} actions={<Link to={base} className="button">Back to the Flow</Link>}>
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      <LoadableView state={report.state}>
        {() => review === undefined ? <Notice tone="error">This review cannot be read.</Notice> : (
          <>
            <p>
              State <StatusBadge status={stateLabel(review.state)} /> · written by <strong>{review.author}</strong>
              {review.submittedBy === undefined ? null : <> · submitted by <strong>{review.submittedBy}</strong></>}
              {' '}· approvals {review.approvals.length} of {review.approvalsRequired}
              {review.reviewRequired ? null : <> · <em>this workspace does not require review</em></>}
            </p>
            {review.why === undefined ? null : <Notice tone="info">{review.why}</Notice>}
            <Actions review={review} comment={comment} setComment={setComment} reason={reason} setReason={setReason}
              submit={() => void act(stepPath('submit'), withComment satisfies SubmitReviewBody, `Version ${version} is in review.`)}
              approve={(override) => void act(stepPath('approve'), { ...withComment, ...(override === undefined ? {} : { override: { reason: override } }) } satisfies ApproveVersionBody, `Approved version ${version}.`)}
              requestChanges={() => void act(stepPath('request-changes'), { comment: comment.trim() } satisfies RequestChangesBody, 'Changes requested.')}
              addComment={() => void act(stepPath('comments'), { comment: comment.trim() } satisfies ReviewCommentBody, 'Comment added.')}
              publish={(emergency) => void act(`${base}/publish`, { version: Number(version), ...(emergency === undefined ? {} : { emergency: { reason: emergency } }) } satisfies PublishFlowBody, `Published v${version}.`)}
            />
            <h2>Answer contract</h2>
            {review.base === undefined ? <p className="muted">No other version is published: nothing to compare with.</p>
              : review.contract.length === 0 ? <p>The answer fields are the same as in v{review.base}.</p> : (
                <ul className="contract-changes" aria-label="Answer contract changes">
                  {review.contract.map((c) => (
                    <li key={c.text} className={c.breaking ? 'breaking' : undefined}>
                      {c.breaking ? <><span className="badge badge-error">breaks routing</span>{' '}</> : null}
                      {c.text}{c.breaking ? <> — read by {c.readers.join(', ')}</> : null}
                    </li>
                  ))}
                </ul>
              )}
            <h2>Routing rules</h2>
            {review.routingChanges.length === 0 ? <p className="muted">No routing change since v{review.base ?? version} went live.</p> : (
              <ul aria-label="Routing rule changes">
                {review.routingChanges.map((c) => (
                  <li key={`${c.at}-${c.actor}`}>{new Date(c.at).toLocaleString()} · {c.actor}: {c.before.join(', ') || 'none'} → {c.after.join(', ') || 'none'}</li>
                ))}
              </ul>
            )}
            <h2>Scenario tests</h2>
            <ScenarioResults review={review} />
            <h2>Steps and comments</h2>
            {review.steps.length === 0 ? <p className="muted">Nothing yet: the version is a draft.</p> : (
              <ol aria-label="Review steps">
                {review.steps.map((s, i) => (
                  <li key={i}>{new Date(s.at).toLocaleString()} · <strong>{s.actor}</strong> ({s.role}) · {stateLabel(s.kind)}{s.body === undefined ? null : <>: “{s.body}”</>}</li>
                ))}
              </ol>
            )}
            <h2>Changes against v{review.base ?? '—'}</h2>
            {review.base === undefined ? <p className="muted">No published version to compare with.</p> : (
              <LoadableView state={diff.state}>
                {(body) => (
                  <>
                    <ul>{toDiffSummary(body).map((s) => <li key={s}>{s}</li>)}</ul>
                    <DiffView lines={toDiffLines(body)} />
                  </>
                )}
              </LoadableView>
            )}
          </>
        )}
      </LoadableView>
    </Page>
  );
}

interface ActionsProps {
  readonly review: Review;
  readonly comment: string;
  readonly setComment: (text: string) => void;
  readonly reason: string;
  readonly setReason: (text: string) => void;
  submit(): void;
  approve(override: string | undefined): void;
  requestChanges(): void;
  addComment(): void;
  publish(emergency: string | undefined): void;
}

/** The buttons the signed-in role may use now; nothing else is shown. */
function Actions({ review, comment, setComment, reason, setReason, submit, approve, requestChanges, addComment, publish }: ActionsProps) {
  const { can } = review;
  const breaking = review.contract.some((c) => c.breaking);
  const any = can.submit || can.approve || can.requestChanges || can.comment || can.publish || can.emergencyPublish;
  if (!any) return <p className="muted">Your role has nothing to do on this version.</p>;
  const hasComment = comment.trim() !== '';
  return (
    <section className="card review-actions" aria-label="Review actions">
      {can.comment || can.requestChanges || can.submit || can.approve ? (
        <div>
          <label htmlFor="review-comment">Comment</label>
          <textarea id="review-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
      ) : null}
      <div className="page-actions">
        {can.submit ? <button type="button" className="button primary" onClick={submit}>Submit for review</button> : null}
        {can.approve ? <button type="button" className="button primary" onClick={() => approve(undefined)}>Approve</button> : null}
        {can.requestChanges ? <button type="button" className="button" disabled={!hasComment} title={hasComment ? undefined : 'Say what to change in the comment'} onClick={requestChanges}>Request changes</button> : null}
        {can.comment ? <button type="button" className="button" disabled={!hasComment} onClick={addComment}>Comment</button> : null}
        {can.publish ? <button type="button" className="button primary" onClick={() => publish(undefined)}>Publish v{review.version}</button> : null}
      </div>
      {(can.approve && breaking) || can.emergencyPublish ? (
        <div>
          <label htmlFor="review-reason">{can.emergencyPublish ? 'Reason (recorded)' : 'Override reason (recorded)'}</label>
          <input id="review-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="page-actions">
            {can.approve && breaking ? <button type="button" className="button danger" disabled={reason.trim() === ''} onClick={() => approve(reason.trim())}>Approve despite the broken fields</button> : null}
            {can.emergencyPublish ? <button type="button" className="button danger" disabled={reason.trim() === ''} onClick={() => publish(reason.trim())}>Emergency publish</button> : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}
