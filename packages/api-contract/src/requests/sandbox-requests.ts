import { phoneNumber } from '../phone-number-schema.js';
import { integer, object, optional, record, string, type Infer } from '../schema.js';

const phone = phoneNumber();

/** The body of `POST /sandbox/contacts`: a sandbox contact by phone. */
export const sandboxContactBody = object({ phone, name: optional(string({ minLength: 1, maxLength: 200 })) });
/** What `POST /sandbox/contacts` takes. */
export type SandboxContactBody = Infer<typeof sandboxContactBody>;

/** The body of `POST /sandbox/chats/{contactId}/messages`: what the sandbox customer writes. */
export const sandboxMessageBody = object({ text: string({ minLength: 1, maxLength: 4096 }) });
/** What `POST /sandbox/chats/{contactId}/messages` takes. */
export type SandboxMessageBody = Infer<typeof sandboxMessageBody>;

/** The body of `POST /sandbox/sessions/{sessionId}/events`: what the sandbox customer does on the screen. */
export const sandboxEventBody = object({ event: record('{type: fill, name, value} | {type: select|unselect, name, id} | {type: press, target} | {type: back}') });
/** What `POST /sandbox/sessions/{sessionId}/events` takes. */
export type SandboxEventBody = Infer<typeof sandboxEventBody>;

/** The query of `POST /sandbox/sessions/{sessionId}/media`: the picker the file fills, and the file's name. */
export const sandboxMediaQuery = object({
  name: string({ minLength: 1, maxLength: 200, description: 'the PhotoPicker/DocumentPicker name on the current screen' }),
  fileName: string({ minLength: 1, maxLength: 255, description: "the file's name on the customer's phone" }),
});
/** What `POST /sandbox/sessions/{sessionId}/media` reads from its query. */
export type SandboxMediaQuery = Infer<typeof sandboxMediaQuery>;

/** The body of `POST /preview/endpoint`: a data endpoint request to perform for a Flow's version. */
export const previewEndpointBody = object({
  flowId: string({ minLength: 1 }),
  version: optional(integer({ minimum: 1, description: 'the version the endpoint must be serving (it serves the published version, else the latest)' })),
  request: object({
    action: string({ pattern: '^(INIT|data_exchange|BACK|navigate|ping)$' }),
    screen: optional(string()),
    data: optional(record()),
    flow_token: string({ minLength: 1, maxLength: 512 }),
    version: optional(string({ pattern: '^[0-9]+\\.[0-9]+$' })),
  }),
});
/** What `POST /preview/endpoint` takes. */
export type PreviewEndpointBody = Infer<typeof previewEndpointBody>;
