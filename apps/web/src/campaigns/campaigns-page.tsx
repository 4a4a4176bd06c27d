import { LoadableView, Page, StatusBadge, useApi } from '../ui/index.js';
import { readJson } from '../ops/read-json.js';
import { toCampaignSummary } from './campaign-views.js';
import './campaigns.css';

/** Every campaign of the workspace, newest first, each linking to its progress and A/B comparison. */
export default function CampaignsPage() {
  const { state, reload } = useApi<unknown>('/campaigns');
  return (
    <Page title="Campaigns" wide actions={<button type="button" className="button" onClick={reload}>Refresh</button>}>
      <p className="muted">Campaigns start journeys at scale with a FLOW-button template or an interactive Flow message. Create and start them through the API (<code>POST /api/v1/campaigns</code>); follow them here.</p>
      <LoadableView state={state}>
        {(body) => {
          const items = readJson.list(body, toCampaignSummary);
          if (items.length === 0) return <p className="muted">No campaigns yet.</p>;
          return (
            <table className="data">
              <caption className="sr-only">Campaigns, newest first</caption>
              <thead><tr><th scope="col">Campaign</th><th scope="col">Status</th><th scope="col">Channel</th><th scope="col">Message</th><th scope="col">Pace</th></tr></thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id} data-campaign={c.name}>
                    <td><a href={`/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</a></td>
                    <td><StatusBadge status={c.status} />{c.statusReason === undefined ? null : <div className="muted small">{c.statusReason}</div>}</td>
                    <td>{c.channel}</td>
                    <td>{c.kind === 'template' ? 'FLOW-button template' : 'interactive Flow message'}</td>
                    <td>{c.messagesPerSecond} / s</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </LoadableView>
    </Page>
  );
}
