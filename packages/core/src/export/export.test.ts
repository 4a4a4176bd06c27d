import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deriveAnswerContract } from '../contract/index.js';
import { CORPUS_DIR } from '../validator/test-support/corpus.js';
import { answerColumns } from './answer-columns.js';
import { toCsvLine } from './csv-line.js';
import { exportCells, exportHeader, toJsonLine, type ExportedSubmission } from './submission-record.js';

const corpus = (file: string): unknown => JSON.parse(readFileSync(join(CORPUS_DIR, 'flows', file), 'utf8'));

describe('toCsvLine', () => {
  it('quotes fields with commas, quotes and line breaks, doubles quotes and ends with CRLF', () => {
    assert.equal(toCsvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere']), 'plain,"a,b","say ""hi""","two\nlines","cr\rhere"\r\n');
  });

  it('writes missing values as empty fields, scalars as text and lists or objects as JSON', () => {
    assert.equal(toCsvLine([undefined, null, 3.5, false, ['a', 'b'], { k: 1 }]), ',,3.5,false,"[""a"",""b""]","{""k"":1}"\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula, but keeps negative numbers as numbers', () => {
    assert.equal(toCsvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', -2]), `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),'\tx,-2\r\n`);
  });
});

describe('answerColumns', () => {
  it('lists the newest version\'s fields first, then fields only older versions had, without flow_token', () => {
    const older = deriveAnswerContract(corpus('pywa__v4_0_global_fields.json'));
    const newer = deriveAnswerContract(corpus('pywa__v2_1_register_for_an_event.json'));
    const columns = answerColumns([newer, older]);
    assert.deepEqual([...columns].sort(), ['email', 'field1', 'field2', 'firstName', 'lastName', 'source']);
    assert.deepEqual(columns.slice(-2), ['field1', 'field2']);
  });

  it('gives no columns for a document that is not a Flow', () => {
    assert.deepEqual(answerColumns([deriveAnswerContract('not a flow')]), []);
  });
});

describe('export rows', () => {
  const submission: ExportedSubmission = {
    id: 'sub-1', flowId: 'booking', version: 3, flowToken: 'tok', contractOk: true, receivedAt: Date.UTC(2026, 11, 2, 9, 30),
    answers: { name: 'Ada', slots: ['09:00', '10:00'], flow_token: 'tok', extra: 'kept' },
  };

  it('puts each contract field in its column and everything else, as JSON, in other_answers', () => {
    const columns = ['name', 'slots', 'email'];
    const header = exportHeader(columns);
    const cells = exportCells(submission, columns);
    assert.equal(cells.length, header.length);
    const row = Object.fromEntries(header.map((name, i) => [name, cells[i]]));
    assert.deepEqual(row, {
      submission_id: 'sub-1', received_at: '2026-12-02T09:30:00.000Z', flow_id: 'booking', version: 3, contract_ok: true, flow_token: 'tok',
      name: 'Ada', slots: ['09:00', '10:00'], email: undefined, other_answers: { extra: 'kept' },
    });
  });

  it('leaves other_answers empty when every field has a column, and survives answers that are not an object', () => {
    assert.equal(exportCells({ ...submission, answers: { name: 'Ada' } }, ['name']).at(-1), undefined);
    assert.deepEqual(exportCells({ ...submission, answers: 'garbled' }, ['name']).slice(-2), [undefined, undefined]);
  });

  it('writes one JSON Lines record with the answers as they arrived', () => {
    const line = toJsonLine(submission);
    assert.ok(line.endsWith('\n'));
    assert.deepEqual(JSON.parse(line), {
      submission_id: 'sub-1', received_at: '2026-12-02T09:30:00.000Z', flow_id: 'booking', version: 3, contract_ok: true, flow_token: 'tok', answers: submission.answers,
    });
  });
});
