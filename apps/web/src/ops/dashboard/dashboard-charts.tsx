import { BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import type { FunnelStep, TraceBucket } from './flow-metrics.js';
import { thresholdLinePlugin } from './threshold-line.js';

ChartJS.register(BarController, LineController, CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

const GREEN = '#0b7a5c';
const RED = '#b3261e';
const AMBER = '#c98a00';
const BLUE = '#1a73e8';
const GREY = '#9aa3ad';

const timeLabel = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A chart with a text alternative: the canvas is an image with a summary, the figures are in a table below. */
function ChartFrame({ title, summary, children, table }: { title: string; summary: string; children: React.ReactNode; table: React.ReactNode }) {
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption><h2 style={{ marginTop: 0 }}>{title}</h2></figcaption>
      <div className="ops-chart" role="img" aria-label={`${title}: ${summary}`}>{children}</div>
      <details><summary>Figures as a table</summary>{table}</details>
    </figure>
  );
}

/** The per-screen funnel: sends that reached each screen, and those that stopped there; the drop-off step in red. */
export function FunnelChart({ funnel, dropOffStep }: { funnel: readonly FunnelStep[]; dropOffStep: string | null }) {
  const summary = funnel.length === 0 ? 'no screens reached yet.' : `funnel over ${funnel.length} screens; drop-off step ${dropOffStep ?? 'none'}.`;
  return (
    <ChartFrame
      title="Per-screen funnel"
      summary={summary}
      table={<table className="data"><thead><tr><th scope="col">Screen</th><th scope="col">Reached</th><th scope="col">Dropped off</th></tr></thead><tbody>{funnel.map((s) => <tr key={s.screen}><td>{s.screen}{s.screen === dropOffStep ? ' (drop-off step)' : ''}</td><td>{s.reached}</td><td>{s.droppedOff}</td></tr>)}</tbody></table>}
    >
      <Bar
        data={{
          labels: funnel.map((s) => s.screen),
          datasets: [
            { label: 'Reached', data: funnel.map((s) => s.reached), backgroundColor: funnel.map((s) => (s.screen === dropOffStep ? '#e8a19c' : '#8fd1bd')) },
            { label: 'Dropped off here', data: funnel.map((s) => s.droppedOff), backgroundColor: funnel.map((s) => (s.screen === dropOffStep ? RED : GREY)) },
          ],
        }}
        options={{ maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }}
      />
    </ChartFrame>
  );
}

/** Endpoint latency p50/p90/p99 over time, with Meta's p90 threshold as a dashed reference line. */
export function LatencyChart({ buckets, thresholdMs }: { buckets: readonly TraceBucket[]; thresholdMs: number }) {
  const worst = buckets.reduce((m, b) => Math.max(m, b.p90Ms), 0);
  const summary = buckets.length === 0 ? 'no endpoint requests yet.' : `${buckets.length} intervals; worst p90 ${worst} ms against the ${thresholdMs} ms threshold.`;
  return (
    <ChartFrame
      title="Endpoint latency"
      summary={summary}
      table={<table className="data"><thead><tr><th scope="col">From</th><th scope="col">Requests</th><th scope="col">p50</th><th scope="col">p90</th><th scope="col">p99</th></tr></thead><tbody>{buckets.map((b) => <tr key={b.start}><td>{timeLabel(b.start)}</td><td>{b.requests}</td><td>{b.p50Ms} ms</td><td>{b.p90Ms} ms</td><td>{b.p99Ms} ms</td></tr>)}</tbody></table>}
    >
      <Line
        data={{
          labels: buckets.map((b) => timeLabel(b.start)),
          datasets: [
            { label: 'p50', data: buckets.map((b) => b.p50Ms), borderColor: GREEN, backgroundColor: GREEN, tension: 0.2 },
            { label: 'p90', data: buckets.map((b) => b.p90Ms), borderColor: BLUE, backgroundColor: BLUE, tension: 0.2 },
            { label: 'p99', data: buckets.map((b) => b.p99Ms), borderColor: AMBER, backgroundColor: AMBER, tension: 0.2 },
          ],
        }}
        // The threshold is drawn across the plot by a plugin; the scale reaches past it so it is always in view.
        plugins={[thresholdLinePlugin({ value: thresholdMs, color: RED, label: `Meta p90 threshold (${thresholdMs} ms)` })]}
        options={{ maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, suggestedMax: thresholdMs * 1.2, title: { display: true, text: 'ms' } } } }}
      />
    </ChartFrame>
  );
}

/** The endpoint's error rate over time, with Meta's 5 % threshold as a dashed reference line. */
export function ErrorRateChart({ buckets, threshold }: { buckets: readonly TraceBucket[]; threshold: number }) {
  const worst = buckets.reduce((m, b) => Math.max(m, b.errorRate), 0);
  const summary = buckets.length === 0 ? 'no endpoint requests yet.' : `${buckets.length} intervals; worst ${(worst * 100).toFixed(1)} % against the ${threshold * 100} % threshold.`;
  return (
    <ChartFrame
      title="Endpoint error rate"
      summary={summary}
      table={<table className="data"><thead><tr><th scope="col">From</th><th scope="col">Requests</th><th scope="col">Errors</th></tr></thead><tbody>{buckets.map((b) => <tr key={b.start}><td>{timeLabel(b.start)}</td><td>{b.requests}</td><td>{(b.errorRate * 100).toFixed(1)} %</td></tr>)}</tbody></table>}
    >
      <Bar
        data={{
          labels: buckets.map((b) => timeLabel(b.start)),
          datasets: [
            { label: 'Error rate (%)', data: buckets.map((b) => b.errorRate * 100), backgroundColor: buckets.map((b) => (b.errorRate > threshold ? RED : '#8fd1bd')) },
          ],
        }}
        plugins={[thresholdLinePlugin({ value: threshold * 100, color: RED, label: `Meta threshold (${threshold * 100} %)` })]}
        options={{ maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, suggestedMax: threshold * 200, title: { display: true, text: '%' } } } }}
      />
    </ChartFrame>
  );
}
