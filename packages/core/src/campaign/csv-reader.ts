/** Limits of one CSV record, so that a hostile file cannot make one row unbounded. */
export const CSV_LIMITS = { maxFieldLength: 4096, maxFields: 64 } as const;

/** One record read from CSV text: its fields, its 1-based line, or why it was refused. */
export type CsvRecord =
  | { readonly ok: true; readonly line: number; readonly fields: readonly string[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

/** An incremental RFC 4180 reader: feed text as it arrives, take the complete records each time. */
export interface CsvReader {
  /** Reads a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[];
  /** Ends the input; returns the last record (a missing final newline is fine, an open quote is not). */
  end(): CsvRecord[];
}

/**
 * Creates a CSV reader (RFC 4180: comma-separated, fields optionally in double quotes with "" for a
 * quote, CRLF or LF line ends, a byte-order mark ignored). A record past the limits is reported, not kept.
 */
export function createCsvReader(): CsvReader {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let tooLong = false;
  let started = false;
  let pendingCr = false;
  let first = true;
  const finish = (out: CsvRecord[]) => {
    fields.push(field);
    const empty = fields.length === 1 && fields[0] === '';
    if (tooLong) out.push({ ok: false, line: recordLine, message: `a field is longer than ${CSV_LIMITS.maxFieldLength} characters or the row has more than ${CSV_LIMITS.maxFields} fields` });
    else if (!empty) out.push({ ok: true, line: recordLine, fields });
    fields = [];
    field = '';
    tooLong = false;
    afterQuote = false;
    started = false;
  };
  const add = (c: string) => {
    if (field.length >= CSV_LIMITS.maxFieldLength) tooLong = true;
    else field += c;
  };
  return {
    push(chunk) {
      const out: CsvRecord[] = [];
      let text = chunk;
      if (first) {
        first = false;
        if (text.startsWith('\ufeff')) text = text.slice(1);
      }
      for (const c of text) {
        if (pendingCr) {
          pendingCr = false;
          if (c === '\n') continue;
        }
        if (!started) {
          started = true;
          recordLine = line;
        }
        if (quoted) {
          if (c === '"') {
            quoted = false;
            afterQuote = true;
          } else {
            if (c === '\n') line++;
            add(c);
          }
          continue;
        }
        if (c === '"') {
          // "" inside a quoted field is a quote; a quote opening a field starts quoting.
          if (afterQuote) add('"');
          if (afterQuote || field === '') quoted = true;
          else add(c);
          afterQuote = false;
          continue;
        }
        afterQuote = false;
        if (c === ',') {
          fields.push(field);
          field = '';
          if (fields.length >= CSV_LIMITS.maxFields) tooLong = true;
        } else if (c === '\n' || c === '\r') {
          if (c === '\r') pendingCr = true;
          finish(out);
          line++;
        } else add(c);
      }
      return out;
    },
    end() {
      const out: CsvRecord[] = [];
      if (quoted) {
        out.push({ ok: false, line: recordLine, message: 'a quoted field is not closed before the end of the file' });
        return out;
      }
      if (started) finish(out);
      return out;
    },
  };
}
