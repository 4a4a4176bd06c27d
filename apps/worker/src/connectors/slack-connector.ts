import { readField, type RenderedAnswer } from '@flowline/core';
import { postJson } from '../http/post-json.js';
import type { Connector } from './connector.js';
import { maskAnswers, readableAnswersOf } from './readable-answers.js';
import { toDeliveryResult } from './http-outcome.js';

/**
 * A Slack incoming-webhook message. `text` may name answer fields as `{{field}}` or `{{a.b}}`;
 * without `text` the message lists the answers.
 */
export const slackConnector: Connector<'slack'> = async (action, payload, context) => {
  const config = payload.action;
  const timeoutMs = config.timeoutMs ?? context.httpTimeoutMs;
  const { submission } = payload;
  const readable = await readableAnswersOf(context.storage, action.workspaceId, submission);
  const answers = maskAnswers(submission.answers, readable);
  const text = config.text !== undefined ? fillTemplate(config.text, answers) : defaultText(submission.flowId, submission.contactPhone, readable);
  const result = await postJson(config.url, JSON.stringify({ text }), { timeoutMs, privateHttp: context.privateHttp, headers: { 'user-agent': 'Flowline-Slack/1' } });
  return toDeliveryResult(result, context.now());
};

/** Replaces `{{path}}` with the answer's field (missing fields become empty). */
export function fillTemplate(template: string, answers: unknown): string {
  return template.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_m, path: string) => show(readField(path.split('.'), answers, {})));
}

/** The answers in the Flow's words, one line each (sensitive fields masked). */
function defaultText(flowId: string, phone: string, readable: readonly RenderedAnswer[]): string {
  return [`New answer to *${flowId}* from ${phone}`, ...readable.map((r) => `• *${r.label}*: ${r.text}`)].join('\n');
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
