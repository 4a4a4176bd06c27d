import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi } from './test-support/describe-api.js';
import { EXPORT_PAGE_ROWS } from './submission-export.js';

/** A Flow whose completion carries `name` (version 1) — version 2 adds `email`. */
function flowWith(fields: readonly string[]): unknown {
  return {
    version: '7.0',
    screens: [{
      id: 'ASK',
      title: 'Ask',
      terminal: true,
      layout: {
        type: 'SingleColumnLayout',
        children: [{
          type: 'Form',
          name: 'form',
          children: [
            ...fields.map((field) => ({ type: 'TextInput', name: field, label: field })),
            { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: Object.fromEntries(fields.map((f) => [f, `\${form.${f}}`])) } },
          ],
        }],
      },
    }],
  };
}

/** Parses CSV as written by the export (RFC 4180 quoting, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 1; } else field += ch;
  }
  assert.equal(field + row.join(''), '', 'the file ends with a complete record');
  return rows;
}

describeApi('API submissions export', (h) => {
  test('exports a Flow\'s submissions as CSV with one column per contract field of every version, oldest first', async () => {
    const ws = h().workspaceA;
    assert.equal((await h().call('POST', '/api/v1/flows', { body: { id: 'signup', name: 'Sign-up', flowJson: flowWith(['name']) } })).status, 201);
    assert.equal((await h().call('POST', '/api/v1/flows/signup/versions', { body: { flowJson: flowWith(['name', 'email']) } })).status, 201);
    const t0 = h().clock.now;
    const total = EXPORT_PAGE_ROWS * 2 + 3; // several pages, the last one short
    const inputs = Array.from({ length: total }, (_, i) => ({
      submission: {
        workspaceId: ws, flowId: 'signup', version: i < 3 ? 1 : 2, messageId: `wamid.export.${i}`,
        answers: i < 3 ? { name: `=cmd|' /C calc'!A0 ${i}` } : { name: `Ana, "the second" ${i}`, email: `ana${i}@example.com`, coupon: 'X1' },
        contract: { ok: i !== 5, problems: [] }, receivedAt: t0 + i * 1000,
      },
      actions: [], events: [],
    }));
    assert.ok((await h().storage.submissions.recordMany(inputs)).ok);

    const res = await h().call('GET', '/api/v1/flows/signup/submissions/export', { token: h().tokens.viewer });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="signup\.submissions\.csv"/);
    const rows = parseCsv(res.text);
    assert.deepEqual(rows[0], ['submission_id', 'received_at', 'flow_id', 'version', 'contract_ok', 'flow_token', 'name', 'email', 'other_answers']);
    assert.equal(rows.length, total + 1, 'a header and every submission once');
    assert.deepEqual(rows[1]?.slice(1, 8), [new Date(t0).toISOString(), 'signup', '1', 'true', '', "'=cmd|' /C calc'!A0 0", '']);
    const last = rows[total];
    assert.deepEqual(last?.slice(6), [`Ana, "the second" ${total - 1}`, `ana${total - 1}@example.com`, '{"coupon":"X1"}']);
    const received = rows.slice(1).map((r) => Date.parse(r[1] ?? ''));
    assert.deepEqual(received, [...received].sort((a, b) => a - b), 'oldest first');
  });

  test('filters by time and contract status, and exports JSON Lines with the answers as they arrived', async () => {
    const t0 = h().clock.now;
    const since = new Date(t0 + 2000).toISOString();
    const until = new Date(t0 + 6000).toISOString();
    const csv = await h().call('GET', `/api/v1/flows/signup/submissions/export?since=${since}&until=${until}`);
    assert.equal(parseCsv(csv.text).length - 1, 4);
    const invalid = await h().call('GET', '/api/v1/flows/signup/submissions/export?status=invalid&format=jsonl');
    assert.equal(invalid.headers.get('content-type'), 'application/x-ndjson; charset=utf-8');
    const lines = invalid.text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    assert.deepEqual(lines[0]?.['answers'], { name: 'Ana, "the second" 5', email: 'ana5@example.com', coupon: 'X1' });
    assert.equal(lines[0]?.['contract_ok'], false);
  });

  test('answers 400 for a malformed instant and 404 for a Flow of another workspace or none', async () => {
    const bad = await h().call('GET', '/api/v1/flows/signup/submissions/export?since=yesterday');
    assert.equal(bad.status, 400);
    assert.equal((bad.body['error'] as { code: string }).code, 'INVALID_QUERY');
    assert.equal((await h().call('GET', '/api/v1/flows/signup/submissions/export', { token: h().tokenB })).status, 404);
    assert.equal((await h().call('GET', '/api/v1/flows/nothing/submissions/export')).status, 404);
    assert.equal((await h().call('GET', '/api/v1/flows/signup/submissions/export?format=xlsx')).status, 400);
  });
});
