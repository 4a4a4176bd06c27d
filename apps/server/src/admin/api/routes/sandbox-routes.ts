import { integer, object, previewEndpointBody, sandboxContactBody, sandboxEventBody, sandboxMediaQuery, sandboxMessageBody, string } from '@flowline/api-contract';
import type { SandboxProblem, SandboxSessionView } from '../../../messaging/sandbox/sandbox-service.js';
import { parseCustomerEvent } from '../../../messaging/sandbox/parse-customer-event.js';
import { receiveSandboxUpload } from '../../../messaging/sandbox/receive-sandbox-upload.js';
import { fail, notFound, ok, type ApiResponse } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { toContactView } from '../views.js';

const PROBLEM_STATUS: Readonly<Record<SandboxProblem['code'], number>> = {
  NOT_FOUND: 404,
  NOT_A_FLOW_MESSAGE: 409,
  NOT_AVAILABLE: 503,
  INVALID_EVENT: 400,
  RUNTIME_ERROR: 422,
};

function fromProblem(problem: SandboxProblem): ApiResponse {
  return fail(PROBLEM_STATUS[problem.code], problem.code, problem.message);
}

/** A session view as the API shows it (the workspace is the caller's own). */
function toSessionBody(view: SandboxSessionView): unknown {
  const { workspaceId: _workspace, ...session } = view.session;
  return { ...view, session };
}

const unavailable = (): ApiResponse => fail(503, 'SANDBOX_NOT_AVAILABLE', 'the sandbox channel is not wired on this server');

/**
 * The sandbox phone: sandbox contacts and their chats, Flow messages opened and stepped by the real
 * runtime (endpoint calls over loopback with real encryption; completion as a signed webhook).
 * Send a Flow to a sandbox contact with `POST /sends {channel: 'sandbox'}`.
 */
/** How every preview answer is labelled: the real handlers and sources ran, without lasting effects (docs/endpoint.md). */
const PREVIEW_MODE = {
  mode: 'preview',
  effects: 'none lasting: bookings go to the preview calendar (held 30 minutes for previews, never shown to customers, ids start with preview-); not counted in the dashboards',
} as const;

export const sandboxRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/sandbox/chats', permission: 'sandbox:read', tag: 'sandbox', summary: 'List sandbox chats, most recent first, with each contact',
    async handle({ auth, deps }) {
      if (deps.sandbox === undefined) return unavailable();
      const chats = await deps.sandbox.listChats(auth.workspaceId);
      const items = await Promise.all(chats.map(async (chat) => {
        const contact = await deps.storage.contacts.find(auth.workspaceId, chat.contactId);
        return { ...chat, name: contact?.name ?? null, phone: contact?.phone ?? null, contact: contact === undefined ? null : toContactView(contact) };
      }));
      return ok({ items });
    },
  }),
  defineRoute({
    method: 'post', path: '/sandbox/contacts', permission: 'sandbox:use', tag: 'sandbox', status: 201,
    summary: 'Create (or find) a sandbox contact: opted in, tagged sandbox, who writes "Hi" (opening the 24-hour window)',
    body: sandboxContactBody,
    async handle({ auth, deps, body }) {
      if (deps.sandbox === undefined) return unavailable();
      // Contacts stored before numbers were normalised may hold the bare digits of wa_id.
      const found = await deps.storage.contacts.findByPhones(auth.workspaceId, [body.phone, body.phone.slice(1)]);
      const existing = found.find((c) => c.phone === body.phone) ?? found[0];
      // A real customer must never be opted in, or messaged, from the sandbox.
      if (existing !== undefined && !existing.tags.includes('sandbox')) {
        return fail(409, 'NOT_A_SANDBOX_CONTACT', `contact ${existing.phone} is a real contact; use another phone number for the sandbox`);
      }
      const contact = await deps.sandbox.ensureContact(auth.workspaceId, { phone: existing?.phone ?? body.phone, ...(body.name === undefined ? {} : { name: body.name }) });
      return ok({ contact: toContactView(contact) }, 201);
    },
  }),
  defineRoute({
    method: 'get', path: '/sandbox/chats/{contactId}', permission: 'sandbox:read', tag: 'sandbox', summary: 'A sandbox chat: the contact and every message, oldest first',
    async handle({ auth, deps, params }) {
      if (deps.sandbox === undefined) return unavailable();
      const chat = await deps.sandbox.getChat(auth.workspaceId, params['contactId'] ?? '');
      if (chat === undefined) return notFound('sandbox chat');
      return ok({ contact: toContactView(chat.contact), messages: chat.messages.map(({ workspaceId: _workspace, ...message }) => message) });
    },
  }),
  defineRoute({
    method: 'post', path: '/sandbox/chats/{contactId}/messages', permission: 'sandbox:use', tag: 'sandbox', status: 201,
    summary: 'The sandbox customer writes a text message; it reaches the conversation as a WhatsApp text webhook would (and opens the 24-hour window)',
    body: sandboxMessageBody,
    async handle({ auth, deps, params, body }) {
      if (deps.sandbox === undefined) return unavailable();
      const sent = await deps.sandbox.sendCustomerText(auth.workspaceId, params['contactId'] ?? '', body.text);
      if (!sent.ok) return sent.problem.code === 'NOT_FOUND' ? notFound('sandbox chat') : fail(503, sent.problem.code, sent.problem.message);
      const { workspaceId: _workspace, ...message } = sent.value;
      return ok({ message }, 201);
    },
  }),
  defineRoute({
    method: 'post', path: '/sandbox/messages/{messageId}/open', permission: 'sandbox:use', tag: 'sandbox',
    summary: "Open a Flow message (tap its CTA): starts the runtime, calling the endpoint for a data_exchange start; reopening returns the same session",
    async handle({ auth, deps, params }) {
      if (deps.sandbox === undefined) return unavailable();
      const opened = await deps.sandbox.openFlowMessage(auth.workspaceId, params['messageId'] ?? '');
      return opened.ok ? ok(toSessionBody(opened.value)) : fromProblem(opened.problem);
    },
  }),
  defineRoute({
    method: 'post', path: '/sandbox/sessions/{sessionId}/events', permission: 'sandbox:use', tag: 'sandbox',
    summary: 'Apply a customer event (fill, select, unselect, press, back) to a sandbox session; on completion a signed nfm_reply webhook is posted to /webhooks/whatsapp',
    body: sandboxEventBody,
    async handle({ auth, deps, params, body }) {
      if (deps.sandbox === undefined) return unavailable();
      const parsed = parseCustomerEvent(body.event);
      if (!parsed.ok) return fail(400, 'INVALID_EVENT', parsed.message);
      const stepped = await deps.sandbox.stepSession(auth.workspaceId, params['sessionId'] ?? '', parsed.event);
      return stepped.ok ? ok(toSessionBody(stepped.value)) : fromProblem(stepped.problem);
    },
  }),
  defineRoute({
    method: 'post', path: '/sandbox/sessions/{sessionId}/media', permission: 'sandbox:use', tag: 'sandbox', status: 201,
    summary: "The sandbox customer chooses a file in a PhotoPicker or DocumentPicker of the session's current screen: the body is the file's bytes, its Content-Type the file's type; the answer is the reference to fill the picker with",
    query: sandboxMediaQuery,
    rawBody: {
      description: "The file's bytes (Content-Type: its type). A PhotoPicker takes image types WhatsApp supports; a DocumentPicker its allowed-mime-types (default: every type WhatsApp supports); both at most max-file-size-kb (≤ 25 600 KiB)",
      maxBytes: 25600 * 1024,
    },
    response: object({
      reference: object({ media_id: string(), file_name: string(), mime_type: string(), sha256: string({ description: 'SHA-256 (hex) of the bytes' }) }),
      size: integer({ description: 'bytes' }),
    }).json,
    async handle({ auth, deps, params, query, raw }) {
      if (deps.sandbox === undefined) return unavailable();
      if (deps.mediaStore === undefined) return fail(503, 'MEDIA_STORE_UNAVAILABLE', 'no media store is configured in this process');
      const received = await receiveSandboxUpload(
        { storage: deps.storage, mediaStore: deps.mediaStore, sandbox: deps.sandbox, now: deps.now, ...(deps.log === undefined ? {} : { log: deps.log }), ...(deps.sandboxUploadLimits === undefined ? {} : { limits: deps.sandboxUploadLimits }) },
        { workspaceId: auth.workspaceId, sessionId: params['sessionId'] ?? '', picker: query.name, fileName: query.fileName, contentType: raw?.contentType, contentLength: raw?.contentLength, body: raw?.stream ?? null },
      );
      if (!received.ok) return fail(received.problem.status, received.problem.code, received.problem.message);
      return ok({ reference: received.reference, size: received.size }, 201);
    },
  }),
  defineRoute({
    method: 'get', path: '/sandbox/sessions/{sessionId}', permission: 'sandbox:read', tag: 'sandbox', summary: 'A sandbox session: its runtime state and current screen',
    async handle({ auth, deps, params }) {
      if (deps.sandbox === undefined) return unavailable();
      const view = await deps.sandbox.renderSession(auth.workspaceId, params['sessionId'] ?? '');
      return view.ok ? ok(toSessionBody(view.value)) : fromProblem(view.problem);
    },
  }),
  defineRoute({
    method: 'post', path: '/preview/endpoint', permission: 'preview:use', tag: 'sandbox',
    summary: "Perform a data endpoint request for a Flow against this server's own endpoint with real encryption and return the decrypted response (the studio's preview of dynamic Flows)",
    body: previewEndpointBody,
    async handle({ auth, deps, body }) {
      if (deps.previewEndpoint === undefined) return fail(503, 'PREVIEW_NOT_AVAILABLE', 'the endpoint preview is not wired on this server');
      const flow = await deps.storage.flows.find(auth.workspaceId, body.flowId);
      if (flow === undefined) return notFound('Flow');
      const served = deps.endpoint?.flows.find(body.flowId)?.version;
      if (body.version !== undefined && served !== undefined && served !== body.version) {
        return fail(409, 'VERSION_NOT_SERVED', `the data endpoint serves version ${served} of Flow ${body.flowId}, not ${body.version} (it serves the published version, else the latest)`, { servedVersion: served });
      }
      const { request } = body;
      const answer = await deps.previewEndpoint(body.flowId, {
        action: request.action, flow_token: request.flow_token,
        ...(request.screen === undefined ? {} : { screen: request.screen }),
        ...(request.data === undefined ? {} : { data: request.data }),
        ...(request.version === undefined ? {} : { version: request.version }),
      });
      if (answer.ok) return ok({ status: 200, response: answer.response, servedVersion: served ?? null, ...PREVIEW_MODE });
      if (answer.status === 'not_listening') return fail(503, 'NOT_LISTENING', answer.message);
      return ok({ status: answer.status, error: answer.message, servedVersion: served ?? null, ...PREVIEW_MODE });
    },
  }),
];
