import { isJsonObject } from '../json/is-json-object.js';

/** The columns an export writes before the answer columns. */
export const SUBMISSION_COLUMNS = ['submission_id', 'received_at', 'flow_id', 'version', 'contract_ok', 'flow_token'] as const;

/** The column that carries, as JSON, answer fields no known version's contract names. */
export const OTHER_ANSWERS_COLUMN = 'other_answers';

/** What an export needs to know of one submission. */
export interface ExportedSubmission {
  readonly id: string;
  readonly flowId: string;
  readonly version: number | null;
  readonly flowToken: string | null;
  readonly contractOk: boolean;
  /** Epoch milliseconds. */
  readonly receivedAt: number;
  readonly answers: unknown;
}

/** The header of an export with these answer columns. */
export function exportHeader(answerColumns: readonly string[]): string[] {
  return [...SUBMISSION_COLUMNS, ...answerColumns, OTHER_ANSWERS_COLUMN];
}

/** One submission as the cells of an export row, in the order of `exportHeader(answerColumns)`. */
export function exportCells(submission: ExportedSubmission, answerColumns: readonly string[]): unknown[] {
  const answers = isJsonObject(submission.answers) ? submission.answers : {};
  const known = new Set(answerColumns);
  const other: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(answers)) {
    if (!known.has(field) && field !== 'flow_token') other[field] = value;
  }
  return [
    submission.id,
    new Date(submission.receivedAt).toISOString(),
    submission.flowId,
    submission.version,
    submission.contractOk,
    submission.flowToken,
    ...answerColumns.map((column) => (Object.hasOwn(answers, column) ? answers[column] : undefined)),
    Object.keys(other).length === 0 ? undefined : other,
  ];
}

/** One submission as a JSON Lines record (answers kept as they arrived). */
export function toJsonLine(submission: ExportedSubmission): string {
  return `${JSON.stringify({
    submission_id: submission.id,
    received_at: new Date(submission.receivedAt).toISOString(),
    flow_id: submission.flowId,
    version: submission.version,
    contract_ok: submission.contractOk,
    flow_token: submission.flowToken,
    answers: submission.answers,
  })}\n`;
}
