import type { Policy } from '../policy/index.js';
import type { RawProblem } from '../problem.js';

/** What a validation rule sees: the parsed document and a sink for the problems it finds. */
export interface RuleContext {
  /** The parsed document. Rules must not assume any shape: it may be any JSON value. */
  readonly doc: unknown;
  /** The document's `version` when it is a well-formed, known Flow JSON version. */
  readonly version: string | undefined;
  /** The organisation's policy, if any (used by the `FLOWLINE_POLICY_*` checks). */
  readonly policy?: Policy;
  /** The current date for version-expiry warnings; the core has no clock, so it is passed in. */
  readonly now?: Date;
  /** Reports one problem. */
  report(problem: RawProblem): void;
}

/**
 * A validation rule: a pure function of the document that reports problems.
 * A rule must never throw, whatever the input; the orchestrator still guards against it.
 */
export type Rule = (ctx: RuleContext) => void;
