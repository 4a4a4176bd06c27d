import type { Reference } from '../../expression/index.js';
import { classifySite, classifyText } from '../classify-site.js';
import type { Rule } from '../rule.js';
import { isInputComponent } from '../component-facts.js';
import { indexFlow, screenIds, type FlowIndex } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { buildFlowGraph, reachableFrom } from '../../flow-graph/index.js';

/** All references used anywhere in the Flow, with the screen using them. */
function allReferences(index: FlowIndex): { ref: Reference; screen: string | undefined; inPayload: boolean }[] {
  const out: { ref: Reference; screen: string | undefined; inPayload: boolean }[] = [];
  for (const screen of index.screens) {
    for (const site of screen.sites) {
      const inPayload = site.action !== undefined;
      // If conditions are not classified as bindings; pick their references textually.
      if (site.component?.type === 'If' && site.property === 'condition') {
        for (const ref of refsInText(site.value)) out.push({ ref, screen: screen.id, inPayload });
        continue;
      }
      const value = classifySite(site);
      if (value.kind === 'binding') out.push({ ref: value.ref, screen: screen.id, inPayload });
      else if (value.kind === 'expression') for (const ref of value.refs) out.push({ ref, screen: screen.id, inPayload });
    }
  }
  return out;
}

const REF_PATTERN = /\$\{([A-Za-z0-9_.]+)\}/g;

function refsInText(text: string): Reference[] {
  const out: Reference[] = [];
  for (const match of text.matchAll(REF_PATTERN)) {
    const value = classifyText(match[0]);
    if (value.kind === 'binding') out.push(value.ref);
  }
  return out;
}

/**
 * Flowline warnings beyond Meta: screens unreachable from the first screen, declared data never
 * used, and inputs whose values never reach any action payload (the business never receives them).
 */
export const warnFlowHygiene: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  const ids = screenIds(index);
  const first = ids[0];
  if (first !== undefined && ids.length > 1) {
    const reachable = reachableFrom(buildFlowGraph(ctx.doc).routes, [first]);
    for (const screen of index.screens) {
      if (screen.id === undefined || reachable.has(screen.id)) continue;
      ctx.report({
        code: 'FLOWLINE_UNREACHABLE_SCREEN',
        severity: 'warning',
        message: `Screen '${screen.id}' cannot be reached from the first screen '${first}'; it opens only if a message starts the Flow there.`,
        pointer: screen.pointer,
      });
    }
  }
  // "screen\u0000name" keys of data fields used anywhere and of inputs whose value reaches a payload.
  const usedData = new Set<string>();
  const submitted = new Set<string>();
  for (const { ref, screen: user, inPayload } of allReferences(index)) {
    const owner = ref.screen ?? user;
    const head = ref.path[0];
    if (owner === undefined || head === undefined) continue;
    if (ref.scope === 'data') usedData.add(`${owner}\u0000${head}`);
    else if (inPayload) submitted.add(`${owner}\u0000${head}`);
  }
  for (const screen of index.screens) {
    if (screen.id === undefined) continue;
    for (const field of Object.keys(screen.data ?? {})) {
      if (!usedData.has(`${screen.id}\u0000${field}`)) {
        ctx.report({
          code: 'FLOWLINE_UNUSED_DATA',
          severity: 'warning',
          message: `Data field '${field}' of screen '${screen.id}' is declared but never used.`,
          pointer: joinPointer(screen.pointer, 'data', field),
          atKey: true,
        });
      }
    }
    for (const component of screen.components) {
      if (component.name === undefined || !isInputComponent(component.type)) continue;
      if (!submitted.has(`${screen.id}\u0000${component.name}`)) {
        ctx.report({
          code: 'FLOWLINE_INPUT_NEVER_SUBMITTED',
          severity: 'warning',
          message: `The value of ${component.type ?? 'input'} '${component.name}' never reaches an action payload: the customer fills it in and the business never receives it.`,
          pointer: joinPointer(component.pointer, 'name'),
        });
      }
    }
  }
};
