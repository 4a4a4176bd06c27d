import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../../../hostile/test-support/serve-child.ts', import.meta.url));

/** A real server process (as `flowline serve`), its port and the log events it wrote. */
export interface CampaignServer {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly events: string[];
}

/** The environment of the server under test: WhatsApp through the stand-in, signed webhooks, loopback allowed. */
export function campaignServerEnv(options: { dataDir: string; standInUrl: string; phoneNumberId: string; appSecret: string; adminToken: string; databaseUrl?: string; schema?: string }): Record<string, string | undefined> {
  return {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    FLOWLINE_DATABASE_SCHEMA: options.schema,
    PORT: '0',
    HOST: '127.0.0.1',
    FLOWLINE_DATA_DIR: options.dataDir,
    FLOWLINE_WORKERS: '1',
    FLOWLINE_CRYPTO_THREADS: '0',
    FLOWLINE_APP_SECRET: options.appSecret,
    FLOWLINE_ADMIN_TOKEN: options.adminToken,
    FLOWLINE_WEBHOOK_VERIFY_TOKEN: `verify-${randomBytes(8).toString('hex')}`,
    FLOWLINE_KEY_PASSPHRASE: 'campaign-crash-test-passphrase-000',
    FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: options.phoneNumberId,
    FLOWLINE_WHATSAPP_ACCESS_TOKEN: 'stand-in-access-token-0000000000',
    FLOWLINE_GRAPH_BASE_URL: options.standInUrl,
    FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback',
  };
}

/** Spawns the server and resolves once it announces its port. */
export function spawnCampaignServer(env: Record<string, string | undefined>): Promise<CampaignServer> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.includes('"event":"campaign.')) events.push(line.slice(0, 400));
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      out += text;
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line !== undefined) resolve({ child, baseUrl: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, events });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
  });
}

/** Ends the process at once, as a crash or `kill -9` would: nothing is flushed. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Stops the process gracefully. */
export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
