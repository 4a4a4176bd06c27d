import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The real server as its own process, configured from the environment exactly as `flowline serve` is
// (the hostile suite's serve-child): for tests that kill it (SIGKILL) and start it again.
const CHILD = fileURLToPath(new URL('../../hostile/test-support/serve-child.ts', import.meta.url));

/** A running server process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  /** The last error-level log lines (at most 20), to explain a failure. */
  readonly errors: readonly string[];
  /** SIGKILL: no shutdown, no flush — a crash. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful stop. Resolves once the process is gone (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

/**
 * Starts `serve-child` with `env` over this process's environment (with DATABASE_URL and the schema
 * cleared unless `env` sets them) and resolves when it listens.
 */
export function startServerProcess(env: Readonly<Record<string, string>>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD], {
    env: { ...process.env, DATABASE_URL: undefined, FLOWLINE_DATABASE_SCHEMA: undefined, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"level":"error"') && line.startsWith('{')) continue;
      errors.push(line.slice(0, 400));
      if (errors.length > 20) errors.shift();
    }
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return gone;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      out += text;
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line === undefined) return;
      out = '';
      const port = (JSON.parse(line) as { port: number }).port;
      resolve({
        child, port, baseUrl: `http://127.0.0.1:${port}`, errors,
        kill: () => signal('SIGKILL'),
        stop: () => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          return signal('SIGTERM').finally(() => clearTimeout(timer));
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening: ${errors.join('\n')}`)));
    child.once('error', reject);
  });
}
