/** How serious a problem is: errors make a Flow invalid (Meta would reject it); warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * A problem found in a Flow JSON document, before source positions are attached.
 * `code` is Meta's error code where Meta has one (for example `MISSING_FOOTER_ON_TERMINAL_SCREEN`);
 * Flowline's own checks use codes prefixed `FLOWLINE_`.
 */
export interface RawProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** RFC 6901 JSON pointer to the offending node ("" is the whole document). */
  readonly pointer: string;
  /**
   * Where inside a string value the problem sits (0-based index into the decoded string),
   * for example the column of an expression syntax error. Used to refine line/column.
   */
  readonly offset?: number;
  /** Whether line/column should point at the property's key rather than its value. */
  readonly atKey?: boolean;
}

/** A problem with its source position (1-based line and column) resolved from the pointer. */
export interface Problem extends RawProblem {
  readonly line: number;
  readonly column: number;
}
