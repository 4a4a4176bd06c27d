import type { Rule } from '../rule.js';
import { FLOW_JSON_VERSIONS, compareVersions, isFlowJsonVersion, parseVersion } from '../../model/index.js';
import { isJsonObject } from '../../json/is-json-object.js';

const OLDEST = FLOW_JSON_VERSIONS[0].version;
const LATEST = FLOW_JSON_VERSIONS[FLOW_JSON_VERSIONS.length - 1]?.version ?? OLDEST;

/**
 * Checks the document's `version` (spec §1.1, §5.2): missing → `MISSING_FLOW_JSON_VERSION`; not a
 * "major.minor" string or not a version Meta released → `INVALID_FLOW_JSON_VERSION`; older than the
 * oldest version, or not a string at all (Meta's sample uses the number 100) → `UNSUPPORTED_FLOW_JSON_VERSION`.
 */
export const checkFlowJsonVersion: Rule = (ctx) => {
  const doc = ctx.doc;
  if (!isJsonObject(doc)) {
    ctx.report({ code: 'INVALID_PROPERTY_TYPE', severity: 'error', message: 'Expected the Flow JSON document to be an object.', pointer: '' });
    return;
  }
  if (!Object.hasOwn(doc, 'version')) {
    ctx.report({ code: 'MISSING_FLOW_JSON_VERSION', severity: 'error', message: 'Flow JSON version is not specified.', pointer: '' });
    return;
  }
  const version = doc['version'];
  const pointer = '/version';
  if (typeof version !== 'string') {
    ctx.report({
      code: 'UNSUPPORTED_FLOW_JSON_VERSION',
      severity: 'error',
      message: `Unsupported Flow JSON version. Expected a version string from "${OLDEST}" to "${LATEST}".`,
      pointer,
    });
    return;
  }
  if (isFlowJsonVersion(version)) return;
  if (parseVersion(version) !== undefined && compareVersions(version, OLDEST) < 0) {
    ctx.report({
      code: 'UNSUPPORTED_FLOW_JSON_VERSION',
      severity: 'error',
      message: `Unsupported Flow JSON version. Version '${version}' is older than '${OLDEST}'.`,
      pointer,
    });
    return;
  }
  ctx.report({
    code: 'INVALID_FLOW_JSON_VERSION',
    severity: 'error',
    message: `Invalid Flow JSON version. Expected one of: ${FLOW_JSON_VERSIONS.map((v) => v.version).join(', ')}.`,
    pointer,
  });
};
