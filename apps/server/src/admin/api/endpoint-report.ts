import { checkEndpointFit, endpointNeed, type EndpointFitProblem } from '../../endpoint/declarative/check-endpoint-fit.js';
import { parseEndpointConfig } from '../../endpoint/declarative/parse-endpoint-config.js';
import { fail, type ApiResponse } from './api-response.js';

/** How a version's endpoint configuration fits its Flow JSON: why the Flow needs an endpoint, and the mismatches. */
export interface EndpointReport {
  /** Why the Flow JSON needs a data endpoint (undefined: it does not). */
  readonly need: string | undefined;
  readonly hasEndpointConfig: boolean;
  /** Parse errors of the configuration, then its mismatches with the Flow's screens and data models. */
  readonly problems: readonly EndpointFitProblem[];
}

/** Reports on a Flow JSON text and its declarative endpoint configuration (null/undefined = none). */
export function endpointReport(flowJson: string, endpointConfig: unknown): EndpointReport {
  let flow: unknown;
  try {
    flow = JSON.parse(flowJson);
  } catch {
    flow = undefined;
  }
  const need = endpointNeed(flow);
  if (endpointConfig === null || endpointConfig === undefined) return { need, hasEndpointConfig: false, problems: [] };
  const parsed = parseEndpointConfig(endpointConfig);
  if (!parsed.ok) {
    return { need, hasEndpointConfig: true, problems: parsed.errors.map((message) => ({ code: 'ENDPOINT_CONFIG_INVALID' as const, severity: 'error' as const, message, pointer: '' })) };
  }
  return { need, hasEndpointConfig: true, problems: checkEndpointFit(flow, parsed.config) };
}

/** The report as the API returns it beside a saved version (the studio shows it in the endpoint panel). */
export function toEndpointReportView(report: EndpointReport): { need: string | null; hasEndpointConfig: boolean; publishable: boolean; problems: readonly EndpointFitProblem[] } {
  return { need: report.need ?? null, hasEndpointConfig: report.hasEndpointConfig, publishable: publishBlock(report, false) === undefined, problems: report.problems };
}

/**
 * Why a version cannot be published, as a 422 answer, or undefined: a Flow that needs an endpoint must
 * have one (a declarative configuration, or handlers defined in code), and the configuration must fit the
 * Flow's screens and data models, else the published Flow would fail its customers at run time.
 */
export function publishBlock(report: EndpointReport, codeDefinedEndpoint: boolean): ApiResponse | undefined {
  if (codeDefinedEndpoint) return undefined;
  if (report.need !== undefined && !report.hasEndpointConfig) {
    return fail(422, 'ENDPOINT_REQUIRED', `this version cannot be published: ${report.need}, but it has no endpoint configuration; add one in the editor's Endpoint panel (docs/endpoint.md)`, { need: report.need });
  }
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    return fail(422, 'ENDPOINT_MISMATCH', `this version cannot be published: its endpoint configuration does not fit the Flow (${errors.length} problem(s); first at ${first?.pointer || '/'}: ${first?.message ?? ''})`, { problems: errors });
  }
  return undefined;
}
