import { readField } from '@flowline/core';
import { postJson } from '../http/post-json.js';
import type { Connector } from './connector.js';
import { toDeliveryResult } from './http-outcome.js';

/**
 * A Slack incoming-webhook message. `text` may name answer fields as `{{field}}` or `{{a.b}}`;
 * without `text` the message lists the answers.
 */
export const slackConnector: Connector = async (_action, payload, context) => {
  const config = payload.action;
  const url = typeof config['url'] === 'string' ? config['url'] : '';
  const timeoutMs = typeof config['timeoutMs'] === 'number' ? config['timeoutMs'] : context.httpTimeoutMs;
  const { submission } = payload;
  const text = typeof config['text'] === 'string' ? fillTemplate(config['text'], submission.answers) : defaultText(submission.flowId, submission.contactPhone, submission.answers);
  const result = await postJson(url, JSON.stringify({ text }), { timeoutMs, privateHttp: context.privateHttp, headers: { 'user-agent': 'Flowline-Slack/1' } });
  return toDeliveryResult(result, context.now());
};

/** Replaces `{{path}}` with the answer's field (missing fields become empty). */
export function fillTemplate(template: string, answers: unknown): string {
  return template.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_m, path: string) => show(readField(path.split('.'), answers, {})));
}

function defaultText(flowId: string, phone: string, answers: unknown): string {
  const lines = typeof answers === 'object' && answers !== null && !Array.isArray(answers) ? Object.entries(answers).filter(([k]) => k !== 'flow_token').map(([k, v]) => `• *${k}*: ${show(v)}`) : [show(answers)];
  return [`New answer to *${flowId}* from ${phone}`, ...lines].join('\n');
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
