import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const FLOW = '{"version":"7.3","screens":[]}';

describeContract('flow languages and translations', (h) => {
  async function flowWithVersions(count: number): Promise<string> {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'signup', name: 'Sign-up', at: T0, by: 'ana' });
    for (let i = 0; i < count; i += 1) await h.storage.flows.addVersion(ws, 'signup', { flowJson: FLOW, createdAt: T0 + i, createdBy: 'ana' });
    return ws;
  }

  test('keeps a Flow\'s source, fallback and translated languages, and replaces them on save', async () => {
    const ws = await flowWithVersions(1);
    assert.equal(await h.storage.translations.findLocalization(ws, 'signup'), undefined);
    await h.storage.translations.saveLocalization(ws, 'signup', { sourceLanguage: 'en', fallbackLanguage: 'en', languages: ['es'] }, T0);
    const saved = await h.storage.translations.saveLocalization(ws, 'signup', { sourceLanguage: 'en', fallbackLanguage: 'es', languages: ['es', 'pt-BR'] }, T0 + 5);
    const found = await h.storage.translations.findLocalization(ws, 'signup');
    assert.deepEqual(found, saved);
    assert.deepEqual(found, { workspaceId: ws, flowId: 'signup', sourceLanguage: 'en', fallbackLanguage: 'es', languages: ['es', 'pt-BR'], updatedAt: T0 + 5 });
    const other = await h.newWorkspace();
    assert.equal(await h.storage.translations.findLocalization(other, 'signup'), undefined, 'scoped by workspace');
  });

  test('saves translations per version and language; a blank text removes one; a later save replaces by key', async () => {
    const ws = await flowWithVersions(1);
    await h.storage.translations.save(ws, 'signup', 1, 'es', [
      { key: 'A/title', text: 'Hola', sourceHash: 'h1' },
      { key: 'A/Footer#1/label', text: 'Enviar', sourceHash: 'h2' },
    ], { at: T0, by: 'ana' });
    const after = await h.storage.translations.save(ws, 'signup', 1, 'es', [
      { key: 'A/title', text: 'Buenas', sourceHash: 'h1b' },
      { key: 'A/Footer#1/label', text: ' ', sourceHash: 'h2' },
    ], { at: T0 + 1, by: 'bo' });
    assert.deepEqual(after, { versionNumber: 1, translations: [{ key: 'A/title', text: 'Buenas', sourceHash: 'h1b', updatedAt: T0 + 1, updatedBy: 'bo' }] });
    assert.deepEqual(await h.storage.translations.list(ws, 'signup', 1, 'pt-BR'), { versionNumber: null, translations: [] });
  });

  test('a new version inherits the latest earlier translations until it is saved, then keeps its own', async () => {
    const ws = await flowWithVersions(3);
    await h.storage.translations.save(ws, 'signup', 1, 'es', [{ key: 'A/title', text: 'Hola', sourceHash: 'h1' }, { key: 'A/x', text: 'Equis', sourceHash: 'hx' }], { at: T0, by: 'ana' });
    const inherited = await h.storage.translations.list(ws, 'signup', 3, 'es');
    assert.equal(inherited.versionNumber, 1);
    assert.deepEqual(inherited.translations.map((t) => t.text), ['Hola', 'Equis']);
    const own = await h.storage.translations.save(ws, 'signup', 3, 'es', [{ key: 'A/title', text: 'Buenas', sourceHash: 'h1b' }], { at: T0 + 9, by: 'bo' });
    assert.equal(own.versionNumber, 3);
    assert.deepEqual(own.translations.map((t) => [t.key, t.text, t.updatedBy]), [['A/title', 'Buenas', 'bo'], ['A/x', 'Equis', 'ana']]);
    // The earlier version keeps what it had (a published version's build does not change under it).
    assert.deepEqual((await h.storage.translations.list(ws, 'signup', 1, 'es')).translations.map((t) => t.text), ['Hola', 'Equis']);
    assert.equal((await h.storage.translations.list(ws, 'signup', 2, 'es')).versionNumber, 1);
    const rows = await h.rawQuery(`SELECT version_number FROM flow_translations WHERE workspace_id = ${h.backend === 'sqlite' ? '?' : '$1'} ORDER BY version_number`, [ws]);
    assert.deepEqual(rows.map((r) => Number(r['version_number'])), [1, 1, 3, 3]);
  });

  test('removing a language removes its translations of every version, not the other languages\'', async () => {
    const ws = await flowWithVersions(2);
    await h.storage.translations.save(ws, 'signup', 1, 'es', [{ key: 'A/title', text: 'Hola', sourceHash: 'h1' }], { at: T0, by: 'ana' });
    await h.storage.translations.save(ws, 'signup', 2, 'es', [{ key: 'A/title', text: 'Buenas', sourceHash: 'h1' }], { at: T0, by: 'ana' });
    await h.storage.translations.save(ws, 'signup', 2, 'pt-BR', [{ key: 'A/title', text: 'Olá', sourceHash: 'h1' }], { at: T0, by: 'ana' });
    await h.storage.translations.removeLanguage(ws, 'signup', 'es');
    assert.deepEqual(await h.storage.translations.list(ws, 'signup', 2, 'es'), { versionNumber: null, translations: [] });
    assert.equal((await h.storage.translations.list(ws, 'signup', 2, 'pt-BR')).translations[0]?.text, 'Olá');
  });

  test('translations of a version that does not exist are refused by the database', async () => {
    const ws = await flowWithVersions(1);
    await assert.rejects(h.storage.translations.save(ws, 'signup', 7, 'es', [{ key: 'A/title', text: 'Hola', sourceHash: 'h1' }], { at: T0, by: 'ana' }));
  });
});

describeContract('contact and send languages', (h) => {
  test('a contact\'s language is kept and cleared, and a send records the language it was made in', async () => {
    const ws = await h.newWorkspace();
    const contact = await h.storage.contacts.upsert(ws, { phone: '+34600111222', name: 'Lucía', at: T0 });
    assert.equal(contact.language, null);
    assert.equal(await h.storage.contacts.setLanguage(ws, contact.id, 'es', T0 + 1), true);
    assert.equal((await h.storage.contacts.find(ws, contact.id))?.language, 'es');
    assert.equal(await h.storage.contacts.setLanguage(await h.newWorkspace(), contact.id, 'fr', T0 + 2), false, 'scoped by workspace');
    await h.storage.flows.create(ws, { id: 'signup', name: 'Sign-up', at: T0, by: 'ana' });
    await h.storage.flows.addVersion(ws, 'signup', { flowJson: FLOW, createdAt: T0, createdBy: 'ana' });
    const send = await h.storage.sends.create(ws, { flowId: 'signup', version: 1, contactId: contact.id, channel: 'sandbox', language: 'es', at: T0 });
    assert.ok(send.ok);
    assert.equal((await h.storage.sends.find(ws, send.value.id))?.language, 'es');
    const plain = await h.storage.sends.create(ws, { flowId: 'signup', version: 1, contactId: contact.id, channel: 'sandbox', at: T0 });
    assert.equal(plain.ok && plain.value.language, null);
    assert.equal(await h.storage.contacts.setLanguage(ws, contact.id, null, T0 + 3), true);
    assert.equal((await h.storage.contacts.find(ws, contact.id))?.language, null);
  });
});
