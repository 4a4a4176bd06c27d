import { deriveAnswerContract, type JsonSchema } from '@flowline/core';

/** The fields a routing condition can read from a Flow's answers. */
export interface AnswerFields {
  /** Dotted paths of the completion answer's fields (`company`, `address.city`), in the Flow's order. */
  readonly fields: readonly string[];
  /** Whether answers may hold other fields too (a Flow that may close with its endpoint's params). */
  readonly open: boolean;
}

const MAX_DEPTH = 4;

/**
 * The answer fields of a Flow, from core's answer contract: the fields of its terminal `complete`
 * payloads (nested objects as dotted paths), without the `flow_token` every answer carries.
 */
export function toAnswerFields(flow: unknown): AnswerFields {
  const completion = deriveAnswerContract(flow).completion;
  const fields: string[] = [];
  collect(completion, '', 0, fields);
  return { fields: fields.filter((f) => f !== 'flow_token'), open: completion.additionalProperties !== false };
}

function collect(schema: JsonSchema, prefix: string, depth: number, out: string[]): void {
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${key}`;
    out.push(path);
    if (depth < MAX_DEPTH) for (const alternative of sub.anyOf ?? [sub]) collect(alternative, `${path}.`, depth + 1, out);
  }
}
