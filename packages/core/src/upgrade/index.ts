export { findVersionFreezeStatus } from '../model/index.js';
export { upgradeFlow, type UpgradeOptions } from './upgrade-flow.js';
export type { UpgradeChange, UpgradeIssue, UpgradeResult } from './upgrade-report.js';
export { UPGRADE_STEPS } from './upgrade-steps.js';
export type { UpgradeStep, UpgradeStepContext } from './upgrade-step.js';
