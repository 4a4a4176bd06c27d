import type { RawProblem } from '../../problem.js';
import type { Rule } from '../rule.js';
import { indexFlow, type ScreenInfo } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { isJsonObject, type JsonObject } from '../../json/is-json-object.js';

/** Meta's per-screen maxima with their codes (spec §4, §5.6). */
const LIMITS = [
  { type: 'EmbeddedLink', max: 2, code: 'MAX_EMBEDDED_LINK_PER_SCREEN' },
  { type: 'Image', max: 3, code: 'MAX_IMAGE_PER_SCREEN' },
  { type: 'OptIn', max: 5, code: 'MAX_OPT_IN_PER_SCREEN' },
] as const;

/**
 * Per-screen component limits, counted along each path through If/Switch branches (spec §4):
 * one Footer, 2 EmbeddedLinks, 3 Images, 5 OptIns, one media picker, NavigationList rules,
 * ImageCarousel (2 per screen, 3 per Flow); Footer placement in If/Switch branches (§2.15, §2.16).
 */
export const checkComponentLimits: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  let carousels = 0;
  for (const screen of index.screens) {
    const children = layoutChildren(screen);
    if (children === undefined) continue;
    checkFooters(screen, children.value, children.pointer, ctx.report);
    for (const limit of LIMITS) {
      const found = maxOnPath(children.value, limit.type, 0);
      if (found > limit.max) {
        ctx.report({
          code: limit.code,
          severity: 'error',
          message: `Maximum number of ${limit.type} allowed per screen is ${limit.max} but found ${found}.`,
          pointer: firstOf(screen, limit.type, limit.max) ?? screen.pointer,
        });
      }
    }
    const pickers = screen.components.filter((c) => c.type === 'PhotoPicker' || c.type === 'DocumentPicker');
    if (pickers.length > 1) {
      const second = pickers[1];
      ctx.report({
        code: 'INVALID_PROPERTY_VALUE',
        severity: 'error',
        message: `You can only have a maximum of 1 component of type PhotoPicker or DocumentPicker per screen but found ${pickers.length}.`,
        pointer: second?.pointer ?? screen.pointer,
      });
    }
    checkNavigationLists(screen, ctx.report);
    const screenCarousels = screen.components.filter((c) => c.type === 'ImageCarousel');
    if (screenCarousels.length > 2) {
      ctx.report({
        code: 'INVALID_PROPERTY_VALUE',
        severity: 'error',
        message: `Maximum number of ImageCarousel allowed per screen is 2 but found ${screenCarousels.length}.`,
        pointer: screenCarousels[2]?.pointer ?? screen.pointer,
      });
    }
    for (const carousel of screenCarousels) {
      carousels += 1;
      if (carousels === 4) {
        ctx.report({
          code: 'INVALID_PROPERTY_VALUE',
          severity: 'error',
          message: 'Maximum number of ImageCarousel allowed per Flow is 3.',
          pointer: carousel.pointer,
        });
      }
    }
  }
};

function layoutChildren(screen: ScreenInfo): { value: readonly unknown[]; pointer: string } | undefined {
  const layout = screen.node['layout'];
  if (!isJsonObject(layout) || !Array.isArray(layout['children'])) return undefined;
  return { value: layout['children'], pointer: joinPointer(screen.pointer, 'layout', 'children') };
}

/** The most components of a type rendered together on any one path through the branches. */
function maxOnPath(children: unknown, type: string, depth: number): number {
  if (!Array.isArray(children) || depth > 32) return 0;
  let total = 0;
  for (const child of children) {
    if (!isJsonObject(child)) continue;
    if (child['type'] === type) total += 1;
    total += maxInContainer(child, type, depth);
  }
  return total;
}

function maxInContainer(child: JsonObject, type: string, depth: number): number {
  switch (child['type']) {
    case 'Form':
      return maxOnPath(child['children'], type, depth + 1);
    case 'If':
      return Math.max(maxOnPath(child['then'], type, depth + 1), maxOnPath(child['else'], type, depth + 1));
    case 'Switch': {
      const cases = child['cases'];
      if (!isJsonObject(cases)) return 0;
      return Math.max(0, ...Object.values(cases).map((branch) => maxOnPath(branch, type, depth + 1)));
    }
    default:
      return 0;
  }
}

/** Pointer of the first component of a type beyond the allowed count, in document order. */
function firstOf(screen: ScreenInfo, type: string, allowed: number): string | undefined {
  return screen.components.filter((c) => c.type === type)[allowed]?.pointer;
}

function hasFooter(children: unknown): boolean {
  return maxOnPath(children, 'Footer', 0) > 0;
}

function checkFooters(screen: ScreenInfo, children: readonly unknown[], _pointer: string, report: (p: RawProblem) => void): void {
  const footers = screen.components.filter((c) => c.type === 'Footer');
  const plain = footers.filter((c) => !c.conditional);
  if (plain.length > 1) {
    report({
      code: 'MAX_FOOTER_PER_SCREEN',
      severity: 'error',
      message: `Maximum number of Footer allowed per screen is 1 but found ${plain.length}.`,
      pointer: plain[1]?.pointer ?? screen.pointer,
    });
  } else if (maxOnPath(children, 'Footer', 0) > 1) {
    const extra = footers.find((c) => !c.conditional) ?? footers[1];
    report({
      code: 'MORE_THAN_ONE_FOOTER',
      severity: 'error',
      message: 'Maximum number of Footer component allowed per screen is 1.',
      pointer: extra?.pointer ?? screen.pointer,
    });
  }
  for (const footer of footers) {
    if (footer.ifDepth > 1) {
      report({
        code: 'INVALID_PROPERTY_VALUE',
        severity: 'error',
        message: "Footer can only be specified at the first level of an 'If' component, not inside a nested 'If'.",
        pointer: footer.pointer,
      });
    }
  }
  for (const component of screen.components) {
    const node = component.node;
    if (component.type === 'If') {
      const inThen = hasFooter(node['then']);
      const hasElse = Array.isArray(node['else']);
      const inElse = hasFooter(node['else']);
      if (inThen && !hasElse) {
        report({
          code: 'MISSING_FOOTER_IN_IF_ELSE_BRANCHES',
          severity: 'error',
          message: "Missing Footer inside one of the 'If' component branches. Branch 'else' should exist and contain one Footer.",
          pointer: component.pointer,
        });
      } else if (inThen !== inElse) {
        report({
          code: 'MISSING_FOOTER_IN_IF_ELSE_BRANCHES',
          severity: 'error',
          message: "Footer component must be present in all branches of 'If' component if it exists in any one branch.",
          pointer: joinPointer(component.pointer, inThen ? 'else' : 'then'),
        });
      }
    } else if (component.type === 'Switch' && isJsonObject(node['cases'])) {
      const entries = Object.entries(node['cases']);
      const withFooter = entries.filter(([, branch]) => hasFooter(branch));
      const without = entries.filter(([, branch]) => !hasFooter(branch));
      if (withFooter.length > 0 && without.length > 0) {
        report({
          code: 'MISSING_FOOTER_IN_SWITCH_BRANCHES',
          severity: 'error',
          message: 'Footer component must be present in all switch cases if it exists in any one case.',
          pointer: joinPointer(component.pointer, 'cases', without[0]?.[0] ?? ''),
        });
      }
    }
  }
}

/** NavigationList: at most 2 per screen, alone on its screen, never on a terminal screen (spec §2.13). */
function checkNavigationLists(screen: ScreenInfo, report: (p: RawProblem) => void): void {
  const lists = screen.components.filter((c) => c.type === 'NavigationList');
  if (lists.length === 0) return;
  const first = lists[0];
  if (lists.length > 2) {
    report({
      code: 'INVALID_PROPERTY_VALUE',
      severity: 'error',
      message: `Maximum number of NavigationList allowed per screen is 2 but found ${lists.length}.`,
      pointer: lists[2]?.pointer ?? screen.pointer,
    });
  }
  const others = screen.components.filter((c) => c.type !== 'NavigationList');
  const other = others[0];
  if (other !== undefined) {
    report({
      code: 'INVALID_PROPERTY_VALUE',
      severity: 'error',
      message: `NavigationList cannot be combined with other components on the same screen; found ${other.type ?? 'a component'}.`,
      pointer: other.pointer,
    });
  }
  if (screen.terminal && first !== undefined) {
    report({
      code: 'INVALID_PROPERTY_VALUE',
      severity: 'error',
      message: 'NavigationList cannot be used on a terminal screen.',
      pointer: first.pointer,
    });
  }
}
