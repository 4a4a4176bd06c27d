import type { ValidationResult } from '@flowline/core';
import type { SkippedFile } from './collect-flow-files.js';
import { formatSourceExcerpt } from './format-source-excerpt.js';

/** One problem as `validateFlow` reports it, with its source position. */
type Problem = ValidationResult['errors'][number];

/** The outcome of validating one file, as printed by `flowline validate`. */
export interface FileReport {
  readonly file: string;
  readonly valid: boolean;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** The file's text, for source excerpts (absent when the file could not be read). */
  readonly text?: string;
}

/** The JSON shape of one problem in `--format json` output. */
export interface ProblemJson {
  readonly code: string;
  readonly message: string;
  readonly pointer: string;
  readonly line: number;
  readonly column: number;
}

function toProblemJson(problem: Problem): ProblemJson {
  return { code: problem.code, message: problem.message, pointer: problem.pointer, line: problem.line, column: problem.column };
}

/** Renders `--format json`: exactly one object `{"results":[…],"skipped":[{"file","reason"}…]}`. */
export function toValidationJson(reports: readonly FileReport[], skipped: readonly SkippedFile[] = []): string {
  const results = reports.map((r) => ({
    file: r.file,
    valid: r.valid,
    errors: r.errors.map(toProblemJson),
    warnings: r.warnings.map(toProblemJson),
  }));
  return `${JSON.stringify({ results, skipped: skipped.map((f) => ({ file: f.display, reason: f.reason })) }, null, 2)}\n`;
}

const paint = (on: boolean, code: string, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Renders the readable output: `file:line:column  CODE  message`, the source line with a caret, and a summary. */
export function toValidationText(reports: readonly FileReport[], colour: boolean, skipped: readonly SkippedFile[] = []): string {
  let out = '';
  let errors = 0;
  let warnings = 0;
  let invalid = 0;
  for (const report of reports) {
    if (!report.valid) invalid++;
    errors += report.errors.length;
    warnings += report.warnings.length;
    const lines = report.text?.split('\n') ?? [];
    const problems = [...report.errors, ...report.warnings].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const p of problems) {
      const where = paint(colour, '1', `${report.file}:${p.line}:${p.column}`);
      const code = paint(colour, p.severity === 'error' ? '31' : '33', p.code);
      const label = p.severity === 'error' ? '' : ' (warning)';
      out += `${where}  ${code}${label}  ${p.message}\n`;
      out += formatSourceExcerpt(lines, p.line, p.column);
    }
    if (report.valid && problems.length === 0) out += `${paint(colour, '32', 'ok')}  ${report.file}\n`;
  }
  const files = `${reports.length} file${reports.length === 1 ? '' : 's'}`;
  const verdict = invalid === 0 ? paint(colour, '32', 'all valid') : paint(colour, '31', `${invalid} invalid`);
  if (skipped.length > 0) {
    out += `\nSkipped ${skipped.length} .json file${skipped.length === 1 ? '' : 's'} that ${skipped.length === 1 ? 'is' : 'are'} not a Flow (a Flow is *.flow.json, or a JSON object with "screens"):\n`;
    for (const f of skipped) out += `  ${f.display}  ${f.reason}\n`;
  }
  out += `\n${files} checked: ${verdict}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${skipped.length === 0 ? '' : `, ${skipped.length} skipped`}\n`;
  return out;
}
