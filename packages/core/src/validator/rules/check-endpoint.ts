import { DATA_API_VERSIONS } from '../../model/index.js';
import type { Rule } from '../rule.js';
import { indexFlow } from '../flow-index.js';

/**
 * Endpoint rules (Flow JSON §1.1, §5.7): `data_exchange` needs `data_api_version`,
 * `data_api_version` needs `routing_model`, and the Data API version must be a supported one.
 */
export const checkEndpoint: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  const dataApiVersion = index.doc['data_api_version'];
  if (dataApiVersion === undefined) {
    const exchange = index.screens.flatMap((s) => s.actions).find((a) => a.name === 'data_exchange');
    if (exchange !== undefined) {
      ctx.report({
        code: 'MISSING_REQUIRED_PROPERTY',
        severity: 'error',
        message: "The property 'data_api_version' is required for data_exchange action.",
        pointer: exchange.pointer + '/name',
      });
    }
    return;
  }
  if (index.doc['routing_model'] === undefined) {
    ctx.report({
      code: 'MISSING_REQUIRED_PROPERTY',
      severity: 'error',
      message: "The property 'routing_model' is required for property 'data_api_version'.",
      pointer: '/data_api_version',
      atKey: true,
    });
  }
  const known: readonly string[] = DATA_API_VERSIONS.map((v) => v.version);
  if (typeof dataApiVersion === 'string' && !known.includes(dataApiVersion)) {
    ctx.report({
      code: 'NO_SUPPORTED_DATA_API_VERSION',
      severity: 'error',
      message: `No supported Data API version found for given Flow JSON version. Data API version '${dataApiVersion}' is not one of: ${known.join(', ')}.`,
      pointer: '/data_api_version',
    });
  }
};
