import type { RuntimeEffect } from './runtime-effect.js';
import type { RuntimeMessages } from './runtime-messages.js';
import type { RuntimeState } from './runtime-state.js';

/** Why an event is impossible in the current state (what the phone would not let the customer do). */
export type RuntimeErrorCode =
  | 'FLOW_NOT_RUNNING'
  | 'AWAITING_ENDPOINT'
  | 'NOT_AWAITING_ENDPOINT'
  | 'UNKNOWN_SCREEN'
  | 'UNKNOWN_COMPONENT'
  | 'COMPONENT_HIDDEN'
  | 'COMPONENT_DISABLED'
  | 'INVALID_VALUE'
  | 'UNKNOWN_OPTION'
  | 'NO_ACTION'
  | 'UNSUPPORTED_ACTION'
  | 'NO_PREVIOUS_SCREEN'
  | 'INVALID_EVENT'
  /** Only from the safety net in `step`: the runtime hit a case it does not handle (a defect). */
  | 'UNEXPECTED_FAILURE';

/** An impossible event, as a value: a stable code and a message naming what was wrong. */
export interface RuntimeError {
  readonly code: RuntimeErrorCode;
  readonly message: string;
}

/** A step that happened: the new state and what the host must do. */
export interface StepSuccess {
  readonly state: RuntimeState;
  readonly effects: readonly RuntimeEffect[];
}

/** The result of `startFlow`/`step`: a new state with effects, or a clear error. */
export type StepOutcome = StepSuccess | { readonly error: RuntimeError };

/** Host-supplied settings for a step. */
export interface StepContext {
  /** Replaces the default English input-error texts. */
  readonly messages?: RuntimeMessages;
}

/** Builds a failed outcome. */
export function fail(code: RuntimeErrorCode, message: string): { readonly error: RuntimeError } {
  return { error: { code, message } };
}

/** Whether an outcome is an error. */
export function isStepError(outcome: StepOutcome): outcome is { readonly error: RuntimeError } {
  return 'error' in outcome;
}
