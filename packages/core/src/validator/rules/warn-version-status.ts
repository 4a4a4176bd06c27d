import { findVersionFreezeStatus } from '../../model/index.js';
import type { Rule } from '../rule.js';

/** Meta's usual notice before a freeze (spec §1.2). */
const SOON_DAYS = 90;

/**
 * Warns about Flow JSON versions that are frozen (can no longer be published) or freeze within
 * 90 days of `now` (passed in; the core has no clock).
 */
export const warnVersionStatus: Rule = (ctx) => {
  if (ctx.version === undefined) return;
  const status = findVersionFreezeStatus(ctx.version, ctx.now);
  if (status?.kind === 'frozen') {
    ctx.report({
      code: 'FLOWLINE_VERSION_FROZEN',
      severity: 'warning',
      message: `Flow JSON version ${ctx.version} is frozen${status.frozenOn === undefined ? '' : ` since ${status.frozenOn}`}: Flows using it can no longer be published or updated.`,
      pointer: '/version',
    });
    return;
  }
  if (status?.kind === 'freezing' && status.daysLeft <= SOON_DAYS) {
    ctx.report({
      code: 'FLOWLINE_VERSION_EXPIRING',
      severity: 'warning',
      message: `Flow JSON version ${ctx.version} will be frozen on ${status.frozenOn}; move to a newer version.`,
      pointer: '/version',
    });
  }
};
