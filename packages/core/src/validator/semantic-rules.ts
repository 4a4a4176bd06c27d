import type { Rule } from './rule.js';
import { checkActions } from './rules/check-actions.js';
import { checkComponentLimits } from './rules/check-component-limits.js';
import { checkComponentProperties } from './rules/check-component-properties.js';
import { checkDataModels } from './rules/check-data-models.js';
import { checkEndpoint } from './rules/check-endpoint.js';
import { checkForms } from './rules/check-forms.js';
import { checkPolicy } from './rules/check-policy.js';
import { checkReferences } from './rules/check-references.js';
import { checkRoutingModel } from './rules/check-routing-model.js';
import { checkScreens } from './rules/check-screens.js';
import { warnFlowHygiene } from './rules/warn-flow-hygiene.js';
import { warnVersionStatus } from './rules/warn-version-status.js';

/** Flowline's semantic rules (Meta's cross-property checks), then its own warnings and policy checks. */
export const semanticRules: readonly Rule[] = [
  checkScreens,
  checkEndpoint,
  checkRoutingModel,
  checkComponentLimits,
  checkComponentProperties,
  checkForms,
  checkDataModels,
  checkReferences,
  checkActions,
  warnFlowHygiene,
  warnVersionStatus,
  checkPolicy,
];
