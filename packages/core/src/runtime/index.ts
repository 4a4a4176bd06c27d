export { startFlow, type StartOptions } from './start-flow.js';
export { step } from './step.js';
export { renderScreen, type RenderedComponent, type RenderedFooter, type RenderedOption, type RenderedScreen } from './render-screen.js';
export { generateValidAnswers } from './generate-valid-answers.js';
export { mediaPickerLimits, type MediaPickerLimits } from './media-picker-limits.js';
export { isStepError, type RuntimeError, type RuntimeErrorCode, type StepContext, type StepOutcome, type StepSuccess } from './step-outcome.js';
export type { PressTarget, RuntimeEvent, EndpointResponse } from './runtime-event.js';
export type { RuntimeEffect } from './runtime-effect.js';
export { DEFAULT_MESSAGES, type RuntimeMessages } from './runtime-messages.js';
export {
  currentScreenId,
  type EndpointRequest,
  type PendingReason,
  type RuntimeState,
  type RuntimeStatus,
  type ScreenState,
  type SummaryEntry,
} from './runtime-state.js';
