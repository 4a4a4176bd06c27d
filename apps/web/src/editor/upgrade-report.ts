import { isJsonObject } from '@flowline/core';
import { str } from '../json-fields.js';

/** One line of an upgrade report: a rewrite (`change`) or something left to a person or worth knowing. */
export interface UpgradeLine {
  readonly kind: 'change' | 'manual' | 'notice';
  readonly code: string;
  readonly pointer: string;
  readonly message: string;
  readonly step: string;
}

/** The answer of `POST /flows/{id}/upgrade`, as the studio shows it. */
export interface UpgradeReport {
  readonly from: string;
  readonly to: string;
  readonly ok: boolean;
  readonly lines: readonly UpgradeLine[];
  readonly valid: boolean;
  readonly errorCount: number;
  readonly flowJson: string | undefined;
  readonly diff: unknown;
  readonly savedVersion: number | undefined;
}

function toLine(value: unknown, change: boolean): UpgradeLine | undefined {
  if (!isJsonObject(value)) return undefined;
  const kind = change ? 'change' : value['kind'] === 'manual' ? 'manual' : 'notice';
  const validatorCode = str(value['validatorCode']);
  const code = str(value['code']) ?? '';
  return { kind, code: validatorCode === undefined ? code : `${code} (${validatorCode})`, pointer: str(value['pointer']) ?? '', message: str(value['message']) ?? '', step: str(value['step']) ?? '' };
}

/** Reads the upgrade answer; manual work first, then notices, then changes. */
export function toUpgradeReport(body: unknown): UpgradeReport | undefined {
  if (!isJsonObject(body) || typeof body['to'] !== 'string') return undefined;
  const read = (list: unknown, change: boolean) => (Array.isArray(list) ? list.map((v) => toLine(v, change)).filter((l): l is UpgradeLine => l !== undefined) : []);
  const issues = read(body['issues'], false);
  const validation = isJsonObject(body['validation']) ? body['validation'] : {};
  return {
    from: str(body['from']) ?? '',
    to: body['to'],
    ok: body['ok'] === true,
    lines: [...issues.filter((l) => l.kind === 'manual'), ...issues.filter((l) => l.kind === 'notice'), ...read(body['changes'], true)],
    valid: validation['valid'] === true,
    errorCount: Array.isArray(validation['errors']) ? validation['errors'].length : 0,
    flowJson: str(body['flowJson']),
    diff: body['diff'],
    savedVersion: typeof body['savedVersion'] === 'number' ? body['savedVersion'] : undefined,
  };
}
