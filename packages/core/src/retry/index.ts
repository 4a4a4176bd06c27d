export { backoffDelayMs, DEFAULT_BACKOFF, NO_JITTER, type BackoffOptions } from './backoff-delay.js';
