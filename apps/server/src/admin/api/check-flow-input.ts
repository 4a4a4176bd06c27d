import { parsePolicy, validateFlow, type Policy, type ValidationResult } from '@flowline/core';
import { parseEndpointConfig } from '../../endpoint/declarative/parse-endpoint-config.js';
import { fail, type ApiResponse } from './api-response.js';

/** A checked Flow version input: the text to store, its warnings, and its parsed endpoint configuration and policy. */
export interface CheckedFlowInput {
  readonly flowJson: string;
  readonly warnings: ValidationResult['warnings'];
  readonly endpointConfig?: unknown;
  readonly policy?: unknown;
}

/**
 * Validates a Flow JSON document (with the optional policy) and its optional declarative endpoint
 * configuration; errors come back as a 422 answer whose details carry the problems with line and column.
 */
export function checkFlowInput(input: { flowJson: string | Record<string, unknown>; endpointConfig?: unknown; policy?: unknown }, now: Date): { ok: true; value: CheckedFlowInput } | { ok: false; response: ApiResponse } {
  let policy: Policy | undefined;
  if (input.policy !== undefined) {
    const parsed = parsePolicy(input.policy);
    if (!parsed.ok) return { ok: false, response: fail(422, 'INVALID_POLICY', 'the policy is invalid', { problems: parsed.problems }) };
    policy = parsed.policy;
  }
  if (input.endpointConfig !== undefined && input.endpointConfig !== null) {
    const parsed = parseEndpointConfig(input.endpointConfig);
    if (!parsed.ok) return { ok: false, response: fail(422, 'INVALID_ENDPOINT_CONFIG', `the endpoint configuration is invalid: ${parsed.errors[0] ?? ''}`, { errors: parsed.errors }) };
  }
  const text = typeof input.flowJson === 'string' ? input.flowJson : `${JSON.stringify(input.flowJson, null, 2)}\n`;
  const result = validateFlow(text, policy === undefined ? { now } : { now, policy });
  if (!result.valid) {
    const first = result.errors[0];
    const where = first === undefined ? '' : ` (first: ${first.code} at line ${first.line}, column ${first.column}: ${first.message})`;
    return { ok: false, response: fail(422, 'INVALID_FLOW_JSON', `the Flow JSON has ${result.errors.length} error(s)${where}`, { errors: result.errors, warnings: result.warnings }) };
  }
  return {
    ok: true,
    value: {
      flowJson: text,
      warnings: result.warnings,
      ...(input.endpointConfig === undefined ? {} : { endpointConfig: input.endpointConfig }),
      ...(input.policy === undefined ? {} : { policy: input.policy }),
    },
  };
}
