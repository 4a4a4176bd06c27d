import { Link } from '../../router.js';
import { useApi } from '../../ui/index.js';
import { describeFreeze, toFrozenFlows } from './frozen-flows.js';

/** The dashboard's notice of Flows on Flow JSON versions Meta has frozen or announced to freeze, each with a way to upgrade it. */
export function FrozenFlowsNotice() {
  const versions = useApi<unknown>('/flow-json-versions');
  if (versions.state.kind !== 'ok') return null;
  const flows = toFrozenFlows(versions.state.data);
  if (flows.length === 0) return null;
  return (
    <section className="notice notice-info frozen-flows" role="status" aria-labelledby="frozen-flows-title">
      <h2 id="frozen-flows-title" style={{ marginTop: 0, fontSize: '1rem' }}>
        {flows.length} Flow{flows.length === 1 ? '' : 's'} on a Flow JSON version Meta has frozen or will freeze
      </h2>
      <ul aria-label="Flows on frozen Flow JSON versions">
        {flows.map((f) => (
          <li key={f.flowId} data-flow={f.flowId} data-freeze={f.kind}>
            <strong>{f.name}</strong>{f.latestVersion === undefined ? '' : ` (v${f.latestVersion})`}: {describeFreeze(f)}{' '}
            <Link to={`/flows/${encodeURIComponent(f.flowId)}/edit`}>Upgrade in the editor</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
