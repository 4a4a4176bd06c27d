import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseScenario } from '@flowline/core';
import { stringFlag } from '../args/parse-args.js';
import { useColour } from '../cli-io.js';
import { runInteractive } from '../interactive/run-interactive.js';
import { formatScenarioResult, toResultJson } from '../scenario/format-scenario-result.js';
import { parseScenarioText } from '../scenario/parse-scenario-text.js';
import { runScenario } from '../scenario/run-scenario.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

async function readJson(path: string): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { ok: false, error: 'no such file' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** `flowline simulate`: plays a Flow as the customer, interactively or from a scenario script. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Play a Flow as the customer: an interactive terminal phone, or a scripted scenario.',
  usage: 'flowline simulate <flow.json> [--script <scenario.json|scenario.yaml>] [--format json]',
  details: [
    "With --script, runs the scenario against this Flow (the scenario's own \"flow\" is ignored) and",
    'exits 0 only if every expectation held (1 otherwise). Without it, starts an interactive session;',
    "type 'help' there for the commands. The interactive session exits 0 when the Flow completed.",
    'A Flow that calls its data endpoint needs --endpoint and --public-key (interactive) or the',
    'scenario\'s "endpoint"; requests are then encrypted and signed as WhatsApp does. Each round trip',
    'is shown as one line (action, screen, next screen, status, latency); --raw prints the decrypted',
    'requests and responses in full instead.',
    '',
    'Exit code 2: usage error (missing or unreadable Flow or scenario).',
  ].join('\n'),
  args: {
    flags: {
      script: { type: 'string', placeholder: '<scenario.json|.yaml>', description: 'Run this scenario (JSON or YAML) instead of an interactive session' },
      format: { type: 'string', choices: ['text', 'json'], placeholder: '<text|json>', description: 'Output format of a scripted run (default text)' },
      screen: { type: 'string', placeholder: '<id>', description: 'Interactive: first screen (flow_action_payload.screen)' },
      data: { type: 'string', placeholder: '<json>', description: 'Interactive: first screen data (flow_action_payload.data)' },
      endpoint: { type: 'string', placeholder: '<url>', description: 'Interactive: the data endpoint URL' },
      'public-key': { type: 'string', placeholder: '<pem>', description: 'Interactive: the business public key file' },
      'app-secret': { type: 'string', placeholder: '<secret>', description: 'Sign requests (default FLOWLINE_APP_SECRET)' },
      'flow-token': { type: 'string', placeholder: '<token>', description: 'The flow_token (default flowline-simulator)' },
      raw: { type: 'boolean', description: 'Interactive: print endpoint requests and responses in full (decrypted) instead of a summary' },
    },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, io) {
    const flowArg = args.positionals[0] ?? '';
    const flowJson = await readJson(resolve(io.cwd, flowArg));
    if (!flowJson.ok) return reportUsageError(io, simulateCommand, `${flowArg}: ${flowJson.error}`);
    const script = stringFlag(args, 'script');
    if (script === undefined) {
      const data = stringFlag(args, 'data');
      let startData: unknown;
      if (data !== undefined) {
        try {
          startData = JSON.parse(data);
        } catch {
          return reportUsageError(io, simulateCommand, '--data must be a JSON object');
        }
        if (typeof startData !== 'object' || startData === null || Array.isArray(startData)) {
          return reportUsageError(io, simulateCommand, '--data must be a JSON object');
        }
      }
      const endpointUrl = stringFlag(args, 'endpoint');
      const publicKey = stringFlag(args, 'public-key');
      if ((endpointUrl === undefined) !== (publicKey === undefined)) {
        return reportUsageError(io, simulateCommand, '--endpoint and --public-key go together');
      }
      return runInteractive(flowJson.value, io, {
        ...(stringFlag(args, 'screen') === undefined ? {} : { screen: stringFlag(args, 'screen') ?? '' }),
        ...(startData === undefined ? {} : { data: startData as Record<string, unknown> }),
        ...(endpointUrl === undefined || publicKey === undefined ? {} : { endpoint: { url: endpointUrl, publicKeyPath: resolve(io.cwd, publicKey) } }),
        ...(stringFlag(args, 'app-secret') === undefined ? {} : { appSecret: stringFlag(args, 'app-secret') ?? '' }),
        ...(stringFlag(args, 'flow-token') === undefined ? {} : { flowToken: stringFlag(args, 'flow-token') ?? '' }),
        ...(args.flags['raw'] === true ? { raw: true } : {}),
      });
    }
    const scenarioPath = resolve(io.cwd, script);
    const scenarioText = await readFile(scenarioPath, 'utf8').catch(() => undefined);
    if (scenarioText === undefined) return reportUsageError(io, simulateCommand, `${script}: no such file`);
    const scenarioDocument = parseScenarioText(scenarioPath, scenarioText);
    if (!scenarioDocument.ok) return reportUsageError(io, simulateCommand, `${script}: ${scenarioDocument.error}`);
    const parsed = parseScenario(scenarioDocument.value);
    if (!parsed.ok) return reportUsageError(io, simulateCommand, `${script} is not a valid scenario: ${parsed.problems.join('; ')}`);
    const result = await runScenario(parsed.scenario, {
      baseDir: dirname(scenarioPath),
      flow: flowJson.value,
      fetch: io.fetch,
      env: io.env,
      now: io.now,
    });
    if (stringFlag(args, 'format') === 'json') {
      io.stdout.write(`${JSON.stringify({ ...toResultJson(result, script), transcript: result.transcript }, null, 2)}\n`);
    } else {
      for (const line of result.transcript) io.stdout.write(`  · ${line}\n`);
      io.stdout.write(formatScenarioResult(result, script, useColour(io.stdout, io.env)));
    }
    return result.passed ? EXIT_OK : EXIT_FAILED;
  },
};
