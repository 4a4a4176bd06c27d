import { renderAnswers, staticOptionLists, type RenderedAnswer, type RoutedSubmission } from '@flowline/core';
import type { Repositories } from '@flowline/storage';

/**
 * A routed submission's answers in its Flow version's words, for what leaves the answer's own page
 * (tickets, Slack): fields the Flow marks `sensitive` are masked here, whoever reads them later.
 * A Flow version that cannot be read renders every field as its value.
 */
export async function readableAnswersOf(storage: Pick<Repositories, 'flows'>, workspaceId: string, submission: RoutedSubmission): Promise<RenderedAnswer[]> {
  const version = submission.version === null ? undefined : await storage.flows.findVersion(workspaceId, submission.flowId, submission.version);
  let flowJson: unknown;
  try {
    flowJson = version === undefined ? undefined : (JSON.parse(version.flowJson) as unknown);
  } catch {
    flowJson = undefined;
  }
  return renderAnswers(flowJson, submission.answers, { timeZone: 'UTC', showSensitive: false, dataOptions: staticOptionLists(version?.endpointConfig) });
}

/** The raw answers with the masked fields replaced as in `readable`. */
export function maskAnswers(answers: unknown, readable: readonly RenderedAnswer[]): unknown {
  const masked = readable.filter((r) => r.masked);
  if (masked.length === 0 || typeof answers !== 'object' || answers === null || Array.isArray(answers)) return answers;
  const copy: Record<string, unknown> = { ...(answers as Record<string, unknown>) };
  for (const r of masked) copy[r.field] = r.text;
  return copy;
}
