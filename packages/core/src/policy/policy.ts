import type { Severity } from '../problem.js';

/** What to do with a Flowline check: report it as an error, as a warning, or not at all. */
export type PolicySeverity = Severity | 'off';

/** Which inputs hold personal data that must be listed in the screen's `sensitive` array. */
export interface SensitivePolicy {
  /** TextInput `input-type` values that mark personal data (default: email, phone, password, passcode). */
  readonly inputTypes: readonly string[];
  /** Case-insensitive substrings of input names that mark personal data (for example `ssn`, `iban`). */
  readonly namePatterns: readonly string[];
}

/**
 * An organisation's rules for its Flows, beyond Meta's (see docs/policy.md). Every limit is optional;
 * findings are reported with `FLOWLINE_POLICY_*` codes, as warnings unless `severity` says otherwise.
 */
export interface Policy {
  /** At most this many screens per Flow (Meta's hard limit is 100; some providers recommend 8). */
  readonly maxScreens?: number;
  /** At most this many components per screen (Meta's hard limit is 50; some providers recommend 30). */
  readonly maxComponentsPerScreen?: number;
  /** Personal-data inputs must be declared in the screen's `sensitive` array (Flow JSON 5.1+). */
  readonly requireSensitive?: SensitivePolicy;
  /** Flow JSON versions the organisation allows. */
  readonly allowedVersions?: readonly string[];
  /** Severity per Flowline code (`FLOWLINE_*` only; Meta's errors cannot be relaxed). */
  readonly severity?: Readonly<Record<string, PolicySeverity>>;
}

/** The default inputs treated as personal data by `requireSensitive`. */
export const DEFAULT_SENSITIVE_INPUT_TYPES: readonly string[] = ['email', 'phone', 'password', 'passcode'];
