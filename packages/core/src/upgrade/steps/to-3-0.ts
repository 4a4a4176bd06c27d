import { indexFlow } from '../../validator/flow-index.js';
import type { UpgradeStep } from '../upgrade-step.js';
import { findNavigateEdges } from '../navigate-edges.js';

/**
 * 2.1 → 3.0 (spec §1.1, §1.2): `data_channel_uri` left Flow JSON; the endpoint URL is set on the Flow through
 * the Flows API (`endpoint_uri`). A Flow that exchanges data needs `data_api_version` and a `routing_model`.
 */
export const toVersion3: UpgradeStep = {
  from: '2.1',
  to: '3.0',
  summary: 'data_channel_uri removed from Flow JSON; the endpoint URL is set through the Flows API endpoint_uri.',
  apply(doc, ctx) {
    const uri = doc['data_channel_uri'];
    if (uri !== undefined) {
      delete doc['data_channel_uri'];
      ctx.change('DATA_CHANNEL_URI_REMOVED', '/data_channel_uri', 'Removed data_channel_uri: Flow JSON 3.0 no longer accepts it.');
      ctx.issue(
        'notice',
        'UPGRADE_ENDPOINT_URI_MOVED',
        '/data_channel_uri',
        `The endpoint URL${typeof uri === 'string' ? ` (${uri})` : ''} is no longer part of the Flow JSON: set it as the Flow's endpoint_uri on Meta (Flows API, or the WhatsApp connection in Flowline) before publishing.`,
      );
    }
    const index = indexFlow(doc);
    if (index === undefined) return;
    const exchanges = index.screens.some((s) => s.actions.some((a) => a.name === 'data_exchange'));
    if (exchanges && doc['data_api_version'] === undefined) {
      doc['data_api_version'] = '3.0';
      ctx.change('DATA_API_VERSION_ADDED', '/data_api_version', 'Added data_api_version "3.0": the Flow uses data_exchange.');
    }
    if (doc['data_api_version'] !== undefined && doc['routing_model'] === undefined) {
      doc['routing_model'] = Object.fromEntries(findNavigateEdges(doc));
      ctx.change('ROUTING_MODEL_ADDED', '/routing_model', 'Added a routing_model from the navigate actions: data_api_version requires one.');
      ctx.issue('notice', 'UPGRADE_ROUTING_MODEL_DERIVED', '/routing_model', 'The routing_model lists only the routes of navigate actions; add the screens your endpoint answers with.');
    }
  },
};
