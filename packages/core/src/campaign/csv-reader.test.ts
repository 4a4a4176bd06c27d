import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCsvReader, CSV_LIMITS, type CsvRecord } from './csv-reader.js';

function readAll(chunks: readonly string[]): CsvRecord[] {
  const reader = createCsvReader();
  return [...chunks.flatMap((c) => reader.push(c)), ...reader.end()];
}

test('reads quoted fields, doubled quotes, CRLF and a missing last newline, whatever the chunking', () => {
  const text = '\ufeffphone,name,note\r\n+34 600 111 222,"Ruiz, Ana","said ""hi""\nthen left"\r\n\n+34600111333,Bea,\n+1 555 000 4242,,x';
  const expected = [
    { ok: true, line: 1, fields: ['phone', 'name', 'note'] },
    { ok: true, line: 2, fields: ['+34 600 111 222', 'Ruiz, Ana', 'said "hi"\nthen left'] },
    { ok: true, line: 5, fields: ['+34600111333', 'Bea', ''] },
    { ok: true, line: 6, fields: ['+1 555 000 4242', '', 'x'] },
  ];
  assert.deepEqual(readAll([text]), expected);
  assert.deepEqual(readAll([...text]), expected, 'one character at a time');
  assert.deepEqual(readAll([text.slice(0, 37), text.slice(37, 38), text.slice(38)]), expected, 'split inside a quoted field and a CRLF');
});

test('reports an over-long field, too many fields and an unclosed quote by line, and goes on', () => {
  const records = readAll([`a,${'x'.repeat(CSV_LIMITS.maxFieldLength + 1)}\n${'y,'.repeat(CSV_LIMITS.maxFields + 1)}\nok,1\n"open`]);
  assert.deepEqual(records.map((r) => [r.ok, r.line]), [[false, 1], [false, 2], [true, 3], [false, 4]]);
  assert.match(records[3]?.ok === false ? records[3].message : '', /not closed/);
});
