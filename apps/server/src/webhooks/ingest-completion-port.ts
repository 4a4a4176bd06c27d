/** A completed Flow as the webhook hands it to the submission pipeline (`ingestCompletion`). */
export interface CompletionInput {
  readonly workspaceId: string;
  /** The send the flow_token belongs to; absent for unknown or missing tokens (the pipeline keeps those as exceptions). */
  readonly sendId?: string;
  readonly flowId?: string;
  readonly flowVersion?: number;
  /** The contact's phone as stored (found or created from the message's `from`). */
  readonly contactPhone: string;
  readonly flowToken?: string;
  /** `response_json` decoded (without `flow_token`), or the raw value when it could not be decoded. */
  readonly answer: unknown;
  readonly messageId: string;
  readonly receivedAt: Date;
}

/** The port to the pipeline; it must keep every answer (never drop), and may throw only on infrastructure failure. */
export type IngestCompletionPort = (input: CompletionInput) => Promise<unknown>;
