import { parse as parseYaml, YAMLParseError } from 'yaml';

/** The file suffixes of scenario files: JSON, or YAML (`.yaml`, `.yml`). */
export const SCENARIO_SUFFIXES = ['.scenario.json', '.scenario.yaml', '.scenario.yml'] as const;

/** Whether a path names a YAML document (by its extension). */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/**
 * Parses the text of a scenario file: YAML when the path ends in `.yaml` or `.yml`, JSON otherwise.
 * YAML is read strictly (duplicate keys, tabs for indentation and unresolved aliases are errors, so
 * a typo cannot silently drop a step); its errors name the line and column.
 */
export function parseScenarioText(path: string, text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!isYamlPath(path)) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch (error) {
      return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  try {
    return { ok: true, value: parseYaml(text, { strict: true, uniqueKeys: true, prettyErrors: true }) as unknown };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
      return { ok: false, error: `not valid YAML${where} (${error.code}: ${firstLine(error.message)})` };
    }
    return { ok: false, error: `not valid YAML (${error instanceof Error ? firstLine(error.message) : String(error)})` };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
