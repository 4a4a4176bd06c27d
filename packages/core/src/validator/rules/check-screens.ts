import type { Rule } from '../rule.js';
import { indexFlow } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';

/**
 * Screen-level rules (Flow JSON §1.5): unique ids, the reserved `SUCCESS` id, at least one terminal
 * screen with a Footer, at least one successful terminal screen, `refresh_on_back` only with an endpoint.
 */
export const checkScreens: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined || index.screens.length === 0) return;
  const seen = new Set<string>();
  for (const screen of index.screens) {
    if (screen.id === undefined) continue;
    const idPointer = joinPointer(screen.pointer, 'id');
    if (seen.has(screen.id)) {
      ctx.report({ code: 'DUPLICATE_SCREEN_IDS', severity: 'error', message: `Duplicate screen id found: ${screen.id}.`, pointer: idPointer });
    }
    seen.add(screen.id);
    if (screen.id.toUpperCase() === 'SUCCESS') {
      ctx.report({
        code: 'SCREEN_ID_IS_RESERVED_KEYWORD',
        severity: 'error',
        message: `Screen id cannot be '${screen.id}' since it is a reserved keyword.`,
        pointer: idPointer,
      });
    }
    if (screen.node['refresh_on_back'] === true && !index.endpoint) {
      ctx.report({
        code: 'INVALID_PROPERTY_VALUE',
        severity: 'error',
        message: "Property 'refresh_on_back' can be true only when property 'data_api_version' is set.",
        pointer: joinPointer(screen.pointer, 'refresh_on_back'),
      });
    }
  }
  const terminals = index.screens.filter((s) => s.terminal);
  if (terminals.length === 0) {
    ctx.report({ code: 'MISSING_TERMINAL_SCREEN', severity: 'error', message: 'Terminal screen is required but not provided.', pointer: '/screens' });
    return;
  }
  for (const screen of terminals) {
    if (!screen.components.some((c) => c.type === 'Footer')) {
      ctx.report({
        code: 'MISSING_FOOTER_ON_TERMINAL_SCREEN',
        severity: 'error',
        message: `Footer component is missing on terminal screens: ${screen.id ?? String(screen.index)}.`,
        pointer: screen.pointer,
      });
    }
  }
  if (terminals.every((s) => s.node['success'] === false)) {
    ctx.report({
      code: 'INVALID_PROPERTY_VALUE',
      severity: 'error',
      message: "At least one terminal screen must have property 'success' set as true.",
      pointer: joinPointer(terminals[0]?.pointer ?? '/screens', 'success'),
    });
  }
};
