import { contactListQuery, contactView, erasureView, pageOf, readableAnswersQuery, saveContactBody, updateContactBody } from '@flowline/api-contract';
import { parseLanguageTag } from '@flowline/core';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { toPage, toPageWindow } from '../paginate.js';
import { createSubmissionRenderer } from '../readable-answers.js';
import { toContactView } from '../views.js';

/** Contacts: list, create or update by phone, get, update tags/fields/opt-in, and every answer a contact gave. */
export const contactRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/contacts', permission: 'contacts:read', tag: 'contacts', summary: 'List contacts (optionally with a tag)',
    query: contactListQuery,
    response: pageOf(contactView),
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const contacts = await deps.storage.contacts.list(auth.workspaceId, { ...(query.tag === undefined ? {} : { tag: query.tag }), limit: window.fetch });
      const page = toPage(contacts, window);
      return ok({ items: page.items.map(toContactView), nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'post', path: '/contacts', permission: 'contacts:write', tag: 'contacts', status: 201,
    summary: 'Create a contact, or update the one with this phone (tags and fields are merged); `language` is a BCP 47 tag such as "es" (null clears it)',
    body: saveContactBody,
    response: contactView.json,
    async handle({ auth, deps, body }) {
      const now = deps.now();
      const { optedIn, language, ...rest } = body;
      const tag = language === undefined || language === null ? language : parseLanguageTag(language);
      if (tag === undefined && language !== undefined) return fail(422, 'INVALID_LANGUAGE', `"${String(language)}" is not a language tag such as "es" or "pt-BR"`);
      let contact = await deps.storage.contacts.upsert(auth.workspaceId, { ...rest, at: now });
      if (optedIn !== undefined && optedIn !== contact.optedIn) await deps.storage.contacts.setOptIn(auth.workspaceId, contact.id, optedIn, now);
      if (tag !== undefined) await deps.storage.contacts.setLanguage(auth.workspaceId, contact.id, tag, now);
      if (optedIn !== undefined || tag !== undefined) contact = (await deps.storage.contacts.find(auth.workspaceId, contact.id)) ?? contact;
      return ok(toContactView(contact), 201);
    },
  }),
  defineRoute({
    method: 'get', path: '/contacts/{contactId}', permission: 'contacts:read', tag: 'contacts', summary: 'Get a contact',
    response: contactView.json,
    async handle({ auth, deps, params }) {
      const contact = await deps.storage.contacts.find(auth.workspaceId, params['contactId'] ?? '');
      return contact === undefined ? notFound('contact') : ok(toContactView(contact));
    },
  }),
  defineRoute({
    method: 'patch', path: '/contacts/{contactId}', permission: 'contacts:write', tag: 'contacts',
    summary: 'Update a contact: name, add tags, merge fields, opt in or out (recorded with its time), language (a BCP 47 tag such as "es" or "pt-BR"; null clears it); an erased contact is refused (409 CONTACT_ERASED)',
    body: updateContactBody,
    response: contactView.json,
    async handle({ auth, deps, params, body }) {
      const existing = await deps.storage.contacts.find(auth.workspaceId, params['contactId'] ?? '');
      if (existing === undefined) return notFound('contact');
      // An erased contact stays a tombstone: no name, fields or consent can come back (docs/privacy.md).
      if (existing.erasedAt !== null) return fail(409, 'CONTACT_ERASED', 'this contact was erased on request and cannot be changed');
      const now = deps.now();
      const { optedIn, language, ...rest } = body;
      const tag = language === undefined || language === null ? language : parseLanguageTag(language);
      if (tag === undefined && language !== undefined) return fail(422, 'INVALID_LANGUAGE', `"${String(language)}" is not a language tag such as "es" or "pt-BR"`);
      await deps.storage.contacts.upsert(auth.workspaceId, { phone: existing.phone, ...rest, at: now });
      if (optedIn !== undefined && optedIn !== existing.optedIn) await deps.storage.contacts.setOptIn(auth.workspaceId, existing.id, optedIn, now);
      if (tag !== undefined) await deps.storage.contacts.setLanguage(auth.workspaceId, existing.id, tag, now);
      const contact = await deps.storage.contacts.find(auth.workspaceId, existing.id);
      return contact === undefined ? notFound('contact') : ok(toContactView(contact));
    },
  }),
  defineRoute({
    method: 'get', path: '/contacts/{contactId}/answers', permission: 'submissions:read', tag: 'contacts',
    summary: 'The contact view: the contact, every answer they gave (newest first, with readable answers) and their inbox items',
    query: readableAnswersQuery,
    async handle({ auth, deps, params, query }) {
      const contact = await deps.storage.contacts.find(auth.workspaceId, params['contactId'] ?? '');
      if (contact === undefined) return notFound('contact');
      const sends = await deps.storage.sends.list(auth.workspaceId, { contactId: contact.id, limit: 1000 });
      const perSend = await Promise.all(sends.map((s) => deps.storage.submissions.list(auth.workspaceId, { sendId: s.id, limit: 100 })));
      const render = createSubmissionRenderer(deps.storage, auth, query.timeZone);
      const answers = [];
      for (const submission of perSend.flat().sort((a, b) => b.receivedAt - a.receivedAt)) answers.push(await render(submission, contact.id));
      const inbox = (await deps.storage.inbox.list(auth.workspaceId, { limit: 1000 })).filter((i) => i.contactId === contact.id);
      return ok({ contact: toContactView(contact), answers, sends: sends.map(({ flowToken: _t, workspaceId: _w, ...s }) => s), inbox });
    },
  }),
  defineRoute({
    method: 'post', path: '/contacts/{contactId}/erase', permission: 'contacts:erase', tag: 'contacts',
    summary: 'Erase a contact on request: anonymise it and redact every copy of their data in one transaction, audited with counts only (idempotent; docs/privacy.md)',
    response: erasureView.json,
    async handle({ auth, deps, params }) {
      const erased = await deps.storage.erasure.eraseContact(auth.workspaceId, params['contactId'] ?? '', { actor: auth.actor, at: deps.now() });
      if (!erased.ok) return notFound('contact');
      const { mediaKeys, ...report } = erased.value;
      // The files go after the commit (deleting a missing file is no error), then their rows; a file whose
      // delete fails keeps its `erased` row, so the next erasure of the contact tries it again.
      const deleted: string[] = [];
      for (const key of mediaKeys) {
        if (deps.mediaStore === undefined) break;
        try {
          await deps.mediaStore.delete(key);
          deleted.push(key);
        } catch (error) {
          deps.log?.('error', 'erasure.media_delete_failed', { key, error: error instanceof Error ? error.message : String(error) });
        }
      }
      await deps.storage.media.forgetErased(auth.workspaceId, deleted);
      if (deleted.length < mediaKeys.length) return fail(503, 'MEDIA_NOT_DELETED', `the contact is erased, but ${mediaKeys.length - deleted.length} of their files could not be deleted from the media store; erase again to retry`);
      return ok({ ...report, mediaFilesDeleted: deleted.length });
    },
  }),
];
