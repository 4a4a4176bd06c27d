import type { BackAndForth } from '@flowline/core';
import { LoadableView, useApi } from '../../ui/index.js';
import { formatDuration, formatPercent } from '../ops-views.js';
import { toBackAndForthView } from './back-and-forth.js';

const none = { tickets: 0, messagesExchanged: 0, messagesPerTicket: null, medianHandlingMs: null, resolvedWithoutClarification: 0, shareWithoutClarification: null } satisfies BackAndForth;

/**
 * The back-and-forth after a Flow's answers (issue 12 §7), beside the completion rate: messages the
 * customer and operators exchanged before the ticket was resolved, the median handling time, and the
 * share resolved without a clarification; with the same queues' tickets that no Flow opened for comparison.
 */
export function BackAndForthCards({ flowId, version }: { flowId: string; version: string }) {
  const { state } = useApi<unknown>(`/flows/${encodeURIComponent(flowId)}/back-and-forth`);
  return (
    <LoadableView state={state}>
      {(body) => {
        const view = toBackAndForthView(body);
        if (view === undefined) return null;
        const withFlow = version === '' ? view.overall : view.versions.get(Number(version)) ?? none;
        return (
          <section aria-label="Back-and-forth" className="ops-back-and-forth">
            <h2>Back-and-forth after an answer</h2>
            <table className="data">
              <caption className="sr-only">Messages exchanged between a submission and its resolution</caption>
              <thead><tr><th scope="col" /><th scope="col">With this Flow{version === '' ? '' : ` (v${version})`}</th><th scope="col">Same queues, no Flow</th></tr></thead>
              <tbody>
                <Row label="Resolved tickets" metric="tickets" a={String(withFlow.tickets)} b={String(view.withoutFlow.tickets)} />
                <Row label="Messages exchanged" metric="messages" a={String(withFlow.messagesExchanged)} b={String(view.withoutFlow.messagesExchanged)} hint="customer and operator messages, automated ones excluded" />
                <Row label="Messages per ticket" metric="per-ticket" a={perTicket(withFlow)} b={perTicket(view.withoutFlow)} />
                <Row label="Median handling time" metric="handling" a={formatDuration(withFlow.medianHandlingMs)} b={formatDuration(view.withoutFlow.medianHandlingMs)} />
                <Row label="Resolved without a clarification" metric="no-clarification" a={formatPercent(withFlow.shareWithoutClarification)} b={formatPercent(view.withoutFlow.shareWithoutClarification)} />
              </tbody>
            </table>
            {view.withoutFlow.queues.length === 0 ? <p className="field-hint">No ticket of this Flow is resolved yet, so there is no queue to compare with.</p> : <p className="field-hint">Compared with tickets of {view.withoutFlow.queues.join(', ')} that no Flow answer opened.</p>}
          </section>
        );
      }}
    </LoadableView>
  );
}

function perTicket(m: BackAndForth): string {
  return m.messagesPerTicket === null ? '—' : m.messagesPerTicket.toFixed(1);
}

function Row({ label, metric, a, b, hint }: { label: string; metric: string; a: string; b: string; hint?: string }) {
  return (
    <tr data-back-and-forth={metric}>
      <th scope="row">{label}{hint === undefined ? null : <span className="field-hint"> · {hint}</span>}</th>
      <td data-side="flow">{a}</td>
      <td data-side="without">{b}</td>
    </tr>
  );
}
