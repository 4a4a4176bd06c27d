import { can } from '../auth/session.js';
import { useSession } from '../auth/session-context.js';
import { Link } from '../router.js';
import { LoadableView, Page, StatusBadge, useApi } from '../ui/index.js';
import { toFlowSummary, toList } from './flow-api.js';

/** The workspace's Flows with status and latest version. */
export default function FlowListPage() {
  const { me } = useSession();
  const { state } = useApi<unknown>('/flows?limit=100');
  return (
    <Page title="Flows" actions={can(me, 'flows:write') ? <Link to="/flows/new" className="button primary">New Flow</Link> : undefined}>
      <LoadableView state={state}>
        {(body) => {
          const flows = toList(body, toFlowSummary);
          if (flows.length === 0) return <p className="muted">No Flows yet. Create one from a template or import Flow JSON.</p>;
          return (
            <table className="data">
              <caption className="sr-only">Flows of the workspace</caption>
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Latest version</th><th scope="col">Id</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {flows.map((flow) => (
                  <tr key={flow.id}>
                    <td><Link to={`/flows/${encodeURIComponent(flow.id)}`}>{flow.name}</Link></td>
                    <td><StatusBadge status={flow.status} /></td>
                    <td>{flow.latestVersion === undefined ? '—' : `v${flow.latestVersion}`}</td>
                    <td><code>{flow.id}</code></td>
                    <td><Link to={`/flows/${encodeURIComponent(flow.id)}/edit`} className="button small">Open editor<span className="sr-only"> for {flow.name}</span></Link></td>
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
