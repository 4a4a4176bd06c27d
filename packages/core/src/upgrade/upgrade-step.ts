import type { FlowJsonVersion } from '../model/index.js';
import type { UpgradeIssue } from './upgrade-report.js';
import type { JsonObject } from '../json/is-json-object.js';

/** What a step may report while it rewrites a document. */
export interface UpgradeStepContext {
  /** The version the document had before the first step (to tell a net change from one undone later). */
  readonly from: string;
  /** The version the whole upgrade aims at. */
  readonly to: string;
  change(code: string, pointer: string, message: string): void;
  issue(kind: UpgradeIssue['kind'], code: string, pointer: string, message: string): void;
}

/**
 * One transition between consecutive Flow JSON versions (spec §1.2): what changed, and the rewrite that carries
 * a valid document of `from` to a valid document of `to` (absent when nothing a document holds changed meaning).
 * `apply` receives a private copy of the document and may change it in place; the runner sets `version`.
 */
export interface UpgradeStep {
  readonly from: FlowJsonVersion;
  readonly to: FlowJsonVersion;
  /** What the transition changed for existing documents, in a sentence. */
  readonly summary: string;
  readonly apply?: (doc: Record<string, unknown>, ctx: UpgradeStepContext) => void;
}

/**
 * The step owns its copy of the document: objects the validator's index hands out are that copy's own
 * objects, so the step may write to them.
 */
export function writable(node: JsonObject): Record<string, unknown> {
  return node as Record<string, unknown>;
}
