import type { AnswerContract } from '../contract/index.js';

/** Fields every completion may carry that are not answers (WhatsApp adds `flow_token`). */
const NOT_ANSWERS = new Set(['flow_token']);

/**
 * One column per field of the answer contracts, in the order the contracts declare them: the first
 * contract's fields first (pass the newest version first), then fields only older versions had.
 */
export function answerColumns(contracts: readonly AnswerContract[]): string[] {
  const columns = new Set<string>();
  for (const contract of contracts) {
    for (const field of Object.keys(contract.completion.properties ?? {})) {
      if (!NOT_ANSWERS.has(field)) columns.add(field);
    }
  }
  return [...columns];
}
