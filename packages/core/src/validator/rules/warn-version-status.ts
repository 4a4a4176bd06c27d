import { findFlowJsonVersion } from '../../model/index.js';
import type { Rule } from '../rule.js';

const DAY_MS = 86_400_000;
/** Meta's usual notice before a freeze (spec §1.2). */
const SOON_DAYS = 90;

/**
 * Warns about Flow JSON versions that are frozen (can no longer be published) or freeze within
 * 90 days of `now` (passed in; the core has no clock).
 */
export const warnVersionStatus: Rule = (ctx) => {
  if (ctx.version === undefined) return;
  const info = findFlowJsonVersion(ctx.version);
  if (info === undefined) return;
  const frozenOn = info.frozenOn === undefined ? undefined : Date.parse(info.frozenOn);
  const now = ctx.now?.getTime();
  if (info.status === 'frozen' && (frozenOn === undefined || now === undefined || frozenOn <= now)) {
    ctx.report({
      code: 'FLOWLINE_VERSION_FROZEN',
      severity: 'warning',
      message: `Flow JSON version ${ctx.version} is frozen${info.frozenOn === undefined ? '' : ` since ${info.frozenOn}`}: Flows using it can no longer be published or updated.`,
      pointer: '/version',
    });
    return;
  }
  if (frozenOn !== undefined && now !== undefined && frozenOn > now && frozenOn - now <= SOON_DAYS * DAY_MS) {
    ctx.report({
      code: 'FLOWLINE_VERSION_EXPIRING',
      severity: 'warning',
      message: `Flow JSON version ${ctx.version} will be frozen on ${info.frozenOn ?? ''}; move to a newer version.`,
      pointer: '/version',
    });
  }
};
