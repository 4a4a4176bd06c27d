import { array, boolean, integer, number, object, oneOf, optional, record, string, type Infer } from '../schema.js';

/** A WhatsApp message template by name and language. */
const template = object({ name: string({ minLength: 1, maxLength: 512 }), language: string({ minLength: 2, maxLength: 15 }) });

/** An A/B arm's key. */
const key = string({ minLength: 1, maxLength: 32 });

/** The body of `POST /contacts/import`: contacts as CSV, with the opt-in source and time of rows that lack them. */
export const importContactsBody = object({ csv: string({ maxLength: 4 * 1024 * 1024 }), optInSource: optional(string({ minLength: 1, maxLength: 200 })), optedInAt: optional(string({ minLength: 1, maxLength: 40 })) });
/** What `POST /contacts/import` takes. */
export type ImportContactsBody = Infer<typeof importContactsBody>;

/** The body of `POST /campaigns`: a draft campaign (message, arms, segment, personalisation, pacing, send window). */
export const createCampaignBody = object({
  name: string({ minLength: 1, maxLength: 64 }),
  channel: oneOf(['whatsapp', 'sandbox']),
  kind: oneOf(['template', 'interactive']),
  arms: array(object({ key, label: optional(string({ maxLength: 80 })), flowId: string({ minLength: 1 }), version: integer({ minimum: 1 }), weight: optional(number()), template: optional(template) }), { maxItems: 10 }),
  template: optional(template),
  message: optional(object({ cta: string({ minLength: 1, maxLength: 30 }), body: string({ minLength: 1, maxLength: 1024 }), header: optional(string({ maxLength: 60 })), footer: optional(string({ maxLength: 60 })), screen: optional(string({ maxLength: 100 })) })),
  segment: optional(object({
    tags: optional(array(string({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
    notTags: optional(array(string({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
    fields: optional(record()),
    activity: optional(object({ activity: oneOf(['sent', 'opened', 'completed']), flowId: optional(string({ minLength: 1 })), withinDays: integer({ minimum: 1, maximum: 3650 }), negate: optional(boolean()) })),
  })),
  personalisation: optional(record('flow_action_data key → contact value: name, phone, fields.<name>, or a literal in double quotes')),
  messagesPerSecond: optional(integer({ minimum: 1, maximum: 1000 })),
  quietPeriodHours: optional(number()),
  reviewAfterSeconds: optional(number()),
  seed: optional(string({ minLength: 1, maxLength: 64 })),
  sendWindow: optional(object({
    start: string({ maxLength: 5, description: 'local opening time, HH:MM' }),
    end: string({ maxLength: 5, description: 'local closing time, HH:MM (later than start; 24:00 is the end of the day)' }),
    days: optional(array(integer({ minimum: 0, maximum: 6 }), { maxItems: 7, description: 'local weekdays, 0 = Sunday' })),
    timeZone: string({ maxLength: 64, description: 'IANA time zone of contacts without fields.timeZone' }),
  }, 'send only inside this local window, in each contact\'s time zone')),
});
/** What `POST /campaigns` takes. */
export type CreateCampaignBody = Infer<typeof createCampaignBody>;

/** The query of `GET /campaigns/{campaignId}/comparison`: the confidence level and the smallest arm compared. */
export const campaignComparisonQuery = object({ confidence: optional(oneOf(['0.9', '0.95', '0.99'] as const)), minimumSent: optional(string({ maxLength: 6 })) });
/** What `GET /campaigns/{campaignId}/comparison` reads from its query. */
export type CampaignComparisonQuery = Infer<typeof campaignComparisonQuery>;

/** The query of `GET /campaigns/{campaignId}/recipients`: a state, and where the page starts. */
export const campaignRecipientsQuery = object({ state: optional(oneOf(['queued', 'sending', 'sent', 'failed', 'unknown', 'review', 'excluded', 'cancelled'])), after: optional(string({ maxLength: 64 })), limit: optional(string({ maxLength: 4 })) });
/** What `GET /campaigns/{campaignId}/recipients` reads from its query. */
export type CampaignRecipientsQuery = Infer<typeof campaignRecipientsQuery>;

/** The body of `POST /campaigns/{campaignId}/start` (optional): when to start (default now). */
export const startCampaignBody = optional(object({ startAt: optional(string({ minLength: 1, maxLength: 40 })) }));
/** What `POST /campaigns/{campaignId}/start` takes. */
export type StartCampaignBody = Infer<typeof startCampaignBody>;

/** The body of `POST /campaigns/{campaignId}/review`: what to do with the recipients in review. */
export const reviewCampaignBody = object({ decision: oneOf(['resend', 'mark-sent', 'mark-failed']) });
/** What `POST /campaigns/{campaignId}/review` takes. */
export type ReviewCampaignBody = Infer<typeof reviewCampaignBody>;
