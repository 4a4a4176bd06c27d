import type { UpgradeResult } from '@flowline/core';

/** Renders `--format json`: one object with the report and, unless written to a file, the upgraded document. */
export function toUpgradeJson(file: string, result: UpgradeResult, written: string | undefined): string {
  const validation = result.validation === undefined ? undefined : { valid: result.validation.valid, errors: result.validation.errors, warnings: result.validation.warnings };
  const body = {
    file,
    from: result.from,
    to: result.to,
    ok: result.ok,
    changes: result.changes,
    issues: result.issues,
    validation,
    ...(written === undefined ? { flow: result.flow } : { written }),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Renders the readable report: one line per change and issue (kind, pointer, code, message), then a summary. */
export function toUpgradeText(file: string, result: UpgradeResult): string {
  const lines = [`${file}: Flow JSON ${result.from === '' ? '(no version)' : result.from} → ${result.to}`];
  for (const c of result.changes) lines.push(`  changed  ${c.pointer || '/'}  ${c.code}  ${c.message}  [${c.step}]`);
  for (const i of result.issues) {
    const code = i.validatorCode === undefined ? i.code : `${i.code} (${i.validatorCode})`;
    lines.push(`  ${i.kind.padEnd(7)}  ${i.pointer || '/'}  ${code}  ${i.message}  [${i.step}]`);
  }
  const manual = result.issues.filter((i) => i.kind === 'manual').length;
  const notices = result.issues.length - manual;
  const validity = result.validation === undefined ? 'not upgraded' : result.validation.valid ? `valid at ${result.to}` : `${result.validation.errors.length} validation error(s) at ${result.to}`;
  lines.push(`${result.changes.length} change(s), ${notices} notice(s), ${manual} need manual work; ${validity}.`);
  return `${lines.join('\n')}\n`;
}
