import type { ValidationResult } from '../validator/index.js';

/** What a step rewrote in the document: a stable code, where (RFC 6901 pointer in the upgraded document) and why. */
export interface UpgradeChange {
  readonly code: string;
  readonly pointer: string;
  readonly message: string;
  /** The version transition that made the change, e.g. "2.1→3.0". */
  readonly step: string;
}

/**
 * What the upgrade could not do by itself. `manual`: the document (or the endpoint feeding it) needs a person's
 * change before the Flow works as before; `notice`: migrated, but something outside the document changes
 * (behaviour on the phone, a setting on Meta) and is worth knowing.
 */
export interface UpgradeIssue {
  readonly kind: 'manual' | 'notice';
  readonly code: string;
  readonly pointer: string;
  readonly message: string;
  /** The version transition that raised it; "validation" for errors of the validator at the target version. */
  readonly step: string;
  /** For `UPGRADE_INVALID_AT_TARGET`: the validator's code (Meta's code where Meta has one). */
  readonly validatorCode?: string;
}

/** The outcome of `upgradeFlow`. */
export interface UpgradeResult {
  /** The document reached the target version, validates there, and no issue needs manual work. */
  readonly ok: boolean;
  /** The version the document declared ("" when it declared none). */
  readonly from: string;
  readonly to: string;
  /** The upgraded document; undefined when the input could not be upgraded at all (not a Flow, unknown version). */
  readonly flow: Record<string, unknown> | undefined;
  /** The upgraded document pretty-printed: the text the validation's lines and columns refer to. */
  readonly text: string | undefined;
  readonly changes: readonly UpgradeChange[];
  readonly issues: readonly UpgradeIssue[];
  /** The validator's result on the upgraded document at the target version (undefined with `flow`). */
  readonly validation: ValidationResult | undefined;
}
