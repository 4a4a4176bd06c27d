import { indexFlow } from '../../validator/flow-index.js';
import { joinPointer } from '../../validator/join-pointer.js';
import { findNavigateEdges } from '../navigate-edges.js';
import type { UpgradeStep } from '../upgrade-step.js';
import { isJsonObject } from '../../json/is-json-object.js';

/**
 * 7.2 → 7.3 (spec §1.2, §1.4): stricter routing-model and data-model validation. An endpoint Flow's routing_model
 * must hold every screen and every navigate edge; missing ones are added. `flow_token_signature` reaches the
 * endpoint only with `data_api_version` 4.0, which changes the endpoint protocol and is left to the owner.
 */
export const toVersion73: UpgradeStep = {
  from: '7.2',
  to: '7.3',
  summary: 'Stricter routing-model and data-model validation; flow_token_signature is sent to endpoints with data_api_version 4.0.',
  apply(doc, ctx) {
    const index = indexFlow(doc);
    const model = doc['routing_model'];
    if (index === undefined || doc['data_api_version'] === undefined || !isJsonObject(model)) return;
    const routes = model as Record<string, unknown>;
    const listed = new Set<string>();
    for (const [from, targets] of Object.entries(routes)) {
      listed.add(from);
      if (Array.isArray(targets)) for (const t of targets) if (typeof t === 'string') listed.add(t);
    }
    const edges = findNavigateEdges(doc);
    for (const [from, targets] of edges) {
      const existing = routes[from];
      const missing = targets.filter((t) => !(Array.isArray(existing) && existing.includes(t)));
      if (missing.length === 0 || (existing !== undefined && !Array.isArray(existing))) continue;
      routes[from] = [...(Array.isArray(existing) ? existing : []), ...missing];
      for (const t of [from, ...missing]) listed.add(t);
      ctx.change('ROUTING_MODEL_EDGE_ADDED', joinPointer('/routing_model', from), `Added the navigate route${missing.length === 1 ? '' : 's'} ${from} → ${missing.join(', ')} to the routing_model.`);
    }
    for (const from of edges.keys()) {
      if (listed.has(from)) continue;
      routes[from] = [];
      ctx.change('ROUTING_MODEL_SCREEN_ADDED', joinPointer('/routing_model', from), `Added screen ${from} to the routing_model (no forward route).`);
    }
    if (doc['data_api_version'] === '3.0') {
      ctx.issue('notice', 'UPGRADE_DATA_API_VERSION_KEPT', '/data_api_version', 'data_api_version stays "3.0": with "4.0" Meta also signs the flow_token (flow_token_signature) for Flow JSON 7.3, which your endpoint must then accept.');
    }
  },
};
