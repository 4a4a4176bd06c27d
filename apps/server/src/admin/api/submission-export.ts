import { answerColumns, deriveAnswerContract, exportCells, exportHeader, toCsvLine, toJsonLine, type ExportedSubmission } from '@flowline/core';
import type { Storage, Submission } from '@flowline/storage';

/** The formats a Flow's submissions export to. */
export type ExportFormat = 'csv' | 'jsonl';

/** Which submissions of a Flow an export holds. */
export interface ExportFilter {
  readonly since?: number;
  readonly until?: number;
  readonly contractOk?: boolean;
}

/** Rows read per storage round trip: what the export holds in memory at once. */
export const EXPORT_PAGE_ROWS = 500;

/**
 * A Flow's submissions as a CSV or JSON Lines byte stream, oldest first. The stream is pulled: the next
 * page is read from storage only when the reader (the HTTP response, which waits for the socket to
 * drain) asks for more, so a million rows export in constant memory and a client that goes away stops
 * the reading. CSV columns: the submission's own fields, one column per field of the answer contracts of
 * the Flow's versions (newest first), then `other_answers` for fields no contract names.
 */
export async function exportSubmissions(storage: Storage, workspaceId: string, flowId: string, format: ExportFormat, filter: ExportFilter): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const columns = format === 'csv' ? await contractColumns(storage, workspaceId, flowId) : [];
  let after: { receivedAt: number; id: string } | undefined;
  let headerSent = format !== 'csv';
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(toCsvLine(exportHeader(columns))));
          return;
        }
        const page = await storage.submissions.page(workspaceId, { flowId, ...filter, ...(after === undefined ? {} : { after }), limit: EXPORT_PAGE_ROWS });
        if (page.length === 0) {
          controller.close();
          return;
        }
        let text = '';
        for (const submission of page) {
          const record = toExported(submission);
          text += format === 'csv' ? toCsvLine(exportCells(record, columns)) : toJsonLine(record);
        }
        const last = page[page.length - 1];
        if (last !== undefined) after = { receivedAt: last.receivedAt, id: last.id };
        controller.enqueue(encoder.encode(text));
      },
    },
    // One page ahead at most: the stream asks for the next page only once the socket took the last.
    { highWaterMark: 1 },
  );
}

/** The answer columns of every version of the Flow, the newest version's first. */
async function contractColumns(storage: Storage, workspaceId: string, flowId: string): Promise<string[]> {
  const versions = await storage.flows.listVersions(workspaceId, flowId);
  const newestFirst = [...versions].sort((a, b) => b.number - a.number);
  return answerColumns(newestFirst.map((version) => deriveAnswerContract(parseOrUndefined(version.flowJson))));
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toExported(submission: Submission): ExportedSubmission {
  return {
    id: submission.id,
    flowId: submission.flowId,
    version: submission.version,
    flowToken: submission.flowToken,
    contractOk: submission.contract.ok,
    receivedAt: submission.receivedAt,
    answers: submission.answers,
  };
}
