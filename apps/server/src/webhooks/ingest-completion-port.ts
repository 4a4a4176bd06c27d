import type { CompletionInput } from '../pipeline/ingest-completion.js';

export type { CompletionInput } from '../pipeline/ingest-completion.js';
export { DUPLICATE_RECEIPT } from '../pipeline/ingest-completion.js';

/**
 * The port from the webhook route to the submission pipeline (`ingestCompletion` in production, a stand-in in
 * tests). It must keep every answer (never drop), commit `alongside`/`webhookWrites` with the answer, and may
 * throw only on an infrastructure failure.
 */
export type IngestCompletionPort = (input: CompletionInput) => Promise<unknown>;
