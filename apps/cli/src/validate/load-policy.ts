import { readFile } from 'node:fs/promises';
import { parsePolicy, type Policy } from '@flowline/core';

/** A policy read from a file, or why it could not be used. */
export type LoadPolicyResult = { ok: true; policy: Policy } | { ok: false; error: string };

/** Reads and parses a policy file (JSON). Problems are returned, never thrown. */
export async function loadPolicy(path: string): Promise<LoadPolicyResult> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { ok: false, error: 'cannot read the file' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = parsePolicy(value);
  if (!parsed.ok) return { ok: false, error: parsed.problems.map((p) => p.message).join('; ') };
  return { ok: true, policy: parsed.policy };
}
