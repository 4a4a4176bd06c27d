import { array, boolean, integer, nullable, object, oneOf, optional, string, type Infer } from '../schema.js';
import { FLOW_CATEGORIES, FLOW_ID_PATTERN } from '../views/vocabulary.js';

/** A secret in a request: left out keeps the stored one. */
const secret = (description: string) => optional(string({ minLength: 1, maxLength: 4096, description }));

/** A secret in a request: left out keeps the stored one, null clears it. */
const nullableSecret = (description: string) => optional(nullable(string({ minLength: 1, maxLength: 4096, description })));

/** The body of `PUT /whatsapp/connection`: the WhatsApp Business Account, its phone number, secrets and Graph address. */
export const saveConnectionBody = object({
  wabaId: string({ minLength: 1, maxLength: 32, pattern: '^\\d+$', description: 'WhatsApp Business Account id' }),
  phoneNumberId: string({ minLength: 1, maxLength: 32, pattern: '^\\d+$', description: 'Cloud API phone number id' }),
  accessToken: secret('system-user access token (required for a new connection)'),
  appSecret: nullableSecret('Meta app secret: checks X-Hub-Signature-256 of the endpoint and webhooks (takes effect at the next start)'),
  webhookVerifyToken: nullableSecret('the verify token of the webhook subscription handshake'),
  graphBaseUrl: optional(string({ minLength: 8, maxLength: 512, description: 'default https://graph.facebook.com' })),
  graphApiVersion: optional(string({ pattern: '^v\\d{1,3}\\.\\d{1,3}$', description: 'such as v23.0' })),
});
/** What `PUT /whatsapp/connection` takes. */
export type SaveConnectionBody = Infer<typeof saveConnectionBody>;

/** The query of `GET /whatsapp/findings`: a Flow's findings, and how many. */
export const findingsQuery = object({ flowId: optional(string()), limit: optional(integer({ minimum: 1, maximum: 200, fromString: true })) });
/** What `GET /whatsapp/findings` reads from its query. */
export type FindingsQuery = Infer<typeof findingsQuery>;

/** The body of `POST /whatsapp/templates`: a message template whose FLOW button starts a Flow. */
export const createTemplateBody = object({
  name: string({ minLength: 1, maxLength: 512, pattern: '^[a-z0-9_]+$' }),
  language: string({ minLength: 2, maxLength: 8, description: 'such as en_US' }),
  category: oneOf(['MARKETING', 'UTILITY']),
  body: string({ minLength: 1, maxLength: 1024, description: 'body text; {{1}}… variables need bodyExamples' }),
  bodyExamples: optional(array(string({ minLength: 1, maxLength: 200 }), { maxItems: 20 })),
  buttonText: string({ minLength: 1, maxLength: 25 }),
  flowId: string({ minLength: 1 }),
  flowAction: optional(oneOf(['navigate', 'data_exchange'])),
  navigateScreen: optional(string({ minLength: 1, maxLength: 200 })),
});
/** What `POST /whatsapp/templates` takes. */
export type CreateTemplateBody = Infer<typeof createTemplateBody>;

/** The query of `GET /whatsapp/templates`: whether to read review statuses from Meta first. */
export const templateListQuery = object({ refresh: optional(boolean({ fromString: true })) });
/** What `GET /whatsapp/templates` reads from its query. */
export type TemplateListQuery = Infer<typeof templateListQuery>;

/** The body of `POST /whatsapp/flows/{graphFlowId}/import`: the new Flowline Flow's id and name. */
export const importMetaFlowBody = object({
  id: string({ pattern: FLOW_ID_PATTERN, description: 'the new Flowline Flow\'s slug, unique in the workspace' }),
  name: optional(string({ minLength: 1, maxLength: 200, description: 'default the Meta Flow\'s name' })),
});
/** What `POST /whatsapp/flows/{graphFlowId}/import` takes. */
export type ImportMetaFlowBody = Infer<typeof importMetaFlowBody>;

/** The body of `POST /flows/{flowId}/whatsapp/link`: the Meta Flow to link. */
export const linkMetaFlowBody = object({ graphFlowId: string({ minLength: 1, maxLength: 32, pattern: '^\\d+$' }) });
/** What `POST /flows/{flowId}/whatsapp/link` takes. */
export type LinkMetaFlowBody = Infer<typeof linkMetaFlowBody>;

/** The body of `POST /flows/{flowId}/whatsapp/push` (optional): the version to upload and the categories of a new Meta Flow. */
export const pushMetaFlowBody = optional(object({
  version: optional(integer({ minimum: 1 })),
  categories: optional(array(oneOf(FLOW_CATEGORIES), { maxItems: 8, description: 'Meta categories of a new Meta Flow (default OTHER)' })),
}));
/** What `POST /flows/{flowId}/whatsapp/push` takes. */
export type PushMetaFlowBody = Infer<typeof pushMetaFlowBody>;

/** The body of `POST /flows/{flowId}/whatsapp/publish` (optional): an admin's emergency with its reason. */
export const publishMetaFlowBody = optional(object({ emergency: optional(object({ reason: string({ minLength: 1, maxLength: 4000 }) })) }));
/** What `POST /flows/{flowId}/whatsapp/publish` takes. */
export type PublishMetaFlowBody = Infer<typeof publishMetaFlowBody>;

/** The query of `GET /flows/{flowId}/whatsapp/preview`: a new link or the current one, and the language. */
export const metaPreviewQuery = object({ invalidate: optional(boolean({ fromString: true })), language: optional(string({ minLength: 2, maxLength: 35, description: 'a translated language of the Flow (BCP 47, such as es or pt-BR); default the source build' })) });
/** What `GET /flows/{flowId}/whatsapp/preview` reads from its query. */
export type MetaPreviewQuery = Infer<typeof metaPreviewQuery>;
