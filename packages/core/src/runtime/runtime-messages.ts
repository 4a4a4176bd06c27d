/** The texts the runtime shows for client-side input errors; hosts may translate them. */
export interface RuntimeMessages {
  readonly required: string;
  readonly minChars: (min: number) => string;
  readonly maxChars: (max: number) => string;
  readonly email: string;
  readonly phone: string;
  readonly number: string;
  readonly passcode: string;
  readonly pattern: string;
  readonly minSelected: (min: number) => string;
  readonly maxSelected: (max: number) => string;
  readonly dateOutOfRange: string;
  readonly dateUnavailable: string;
  readonly rangeOrder: string;
  readonly minDays: (min: number) => string;
  readonly maxDays: (max: number) => string;
  readonly minUploads: (min: number) => string;
  readonly maxUploads: (max: number) => string;
  readonly fileTooLarge: (maxKb: number) => string;
  readonly fileType: string;
  /** Shown on the screen when the endpoint could not be reached or failed (421, 432, 5xx, timeout). */
  readonly requestFailed: string;
}

/** English defaults, close to what the WhatsApp client shows. */
export const DEFAULT_MESSAGES: RuntimeMessages = {
  required: 'This field is required',
  minChars: (min) => `Enter at least ${min} characters`,
  maxChars: (max) => `Enter at most ${max} characters`,
  email: 'Enter a valid email address',
  phone: 'Enter a valid phone number',
  number: 'Enter a valid number',
  passcode: 'Enter digits only',
  pattern: 'Invalid format',
  minSelected: (min) => `Select at least ${min}`,
  maxSelected: (max) => `Select at most ${max}`,
  dateOutOfRange: 'This date is not available',
  dateUnavailable: 'This date is not available',
  rangeOrder: 'End date must be after start date',
  minDays: (min) => `Select at least ${min} days`,
  maxDays: (max) => `Select at most ${max} days`,
  minUploads: (min) => `Add at least ${min} files`,
  maxUploads: (max) => `Add at most ${max} files`,
  fileTooLarge: (maxKb) => `Files must be at most ${maxKb} KB`,
  fileType: 'This file type is not allowed',
  requestFailed: 'Something went wrong. Please try again.',
};
