/** Stable codes for storage failures that are programming or integrity errors, not expected outcomes. */
export type StorageErrorCode = 'ERR_STORAGE_INVALID_TIME' | 'ERR_STORAGE_CONFIG' | 'ERR_STORAGE_MIGRATION';

/** A typed storage failure with a stable code; never carries row data. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}
