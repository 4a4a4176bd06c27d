import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

// The deployment files (Dockerfile, deploy/compose.yaml, deploy/flowline.service) cannot be run here:
// the build machines have no Docker daemon and no systemd. What can be checked is: the image's start
// command, run directly with the image's environment, serves and stops cleanly; the compose file is
// valid YAML with the services, ports and settings docs/deploy.md promises; the unit is sound.

const root = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The instructions of the Dockerfile's last stage (the runtime image), continuation lines joined. */
function runtimeStage(): string[] {
  const lines = read('Dockerfile').replace(/\\\n\s*/g, ' ').split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const lastFrom = lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true);
  return lines.slice(lastFrom);
}

describe('Dockerfile', () => {
  it('is multi-stage, installs with npm ci and builds, and runs as a non-root user', () => {
    const text = read('Dockerfile');
    assert.ok((text.match(/^FROM /gm) ?? []).length >= 2, 'a build stage and a runtime stage');
    assert.match(text, /RUN npm ci\b/);
    assert.match(text, /npm prune --omit=dev/);
    const stage = runtimeStage();
    const user = stage.find((l) => l.startsWith('USER '));
    assert.ok(user !== undefined && !/\b(root|0)\b/.test(user), `runtime user: ${user ?? 'none'}`);
    assert.ok(!stage.some((l) => /apt-get install|g\+\+/.test(l)), 'no compilers in the runtime image');
    assert.ok(read('.dockerignore').split('\n').includes('.git'));
    assert.ok(read('.dockerignore').split('\n').includes('**/node_modules'), 'node_modules is installed in the image, never copied in');
  });

  it('its start command, run directly with the image environment, serves /healthz, /readyz and /metrics and exits 0 on SIGTERM', { skip: !existsSync(join(root, 'apps', 'cli', 'dist', 'main.js')) && 'the build (npm run build) has not run' }, async () => {
    const stage = runtimeStage();
    const cmd = stage.find((l) => l.startsWith('CMD '));
    assert.ok(cmd !== undefined);
    const argv = JSON.parse(cmd.slice(4)) as string[];
    assert.deepEqual(argv, ['node', 'apps/cli/bin/flowline.js', 'serve']);
    const env: Record<string, string> = {};
    for (const line of stage.filter((l) => l.startsWith('ENV '))) {
      for (const [, key, value] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) if (key !== undefined && value !== undefined) env[key] = value;
    }
    assert.equal(env['FLOWLINE_DATA_DIR'], '/data');
    // Here instead of the image's /data, ports 3000/9464 and 0.0.0.0: a temporary folder, free ports, loopback.
    const dataDir = mkdtempSync(join(tmpdir(), 'flowline-image-'));
    const child = spawn(process.execPath, argv.slice(1), {
      cwd: root,
      env: { ...process.env, ...env, FLOWLINE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', FLOWLINE_METRICS_PORT: '0', FLOWLINE_METRICS_HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'image test passphrase 8Vb3Nc' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const found = await new Promise<{ port: number; metricsPort: number }>((resolve, reject) => {
        child.stderr.on('data', () => {
          const line = err.split('\n').find((l) => l.includes('"event":"server.listening"'));
          if (line !== undefined) {
            const parsed = JSON.parse(line) as { port: number; metricsPort: number };
            resolve(parsed);
          }
        });
        void exit.then((code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      assert.equal((await fetch(`http://127.0.0.1:${found.port}/healthz`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${found.port}/readyz`)).status, 200);
      assert.match(await (await fetch(`http://127.0.0.1:${found.metricsPort}/metrics`)).text(), /^# TYPE flowline_endpoint_requests_total counter$/m);
      child.kill('SIGTERM');
      assert.equal(await exit, 0, err);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('deploy/compose.yaml', () => {
  interface Service {
    image?: string;
    build?: unknown;
    ports?: string[];
    environment?: Record<string, string>;
    depends_on?: Record<string, { condition: string }> | string[];
    volumes?: string[];
  }
  const compose = parse(read('deploy/compose.yaml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };

  it('runs PostgreSQL, two Flowline instances and a TLS proxy, and only the proxy publishes ports', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['flowline-1', 'flowline-2', 'postgres', 'proxy']);
    assert.match(compose.services['postgres']?.image ?? '', /^postgres:/);
    assert.match(compose.services['proxy']?.image ?? '', /^caddy:/);
    assert.deepEqual(compose.services['proxy']?.ports, ['80:80', '443:443']);
    for (const name of ['postgres', 'flowline-1', 'flowline-2']) assert.equal(compose.services[name]?.ports, undefined, `${name} publishes no port`);
    assert.ok(compose.services['flowline-1']?.build !== undefined, 'the first instance builds the image');
    assert.equal(compose.services['flowline-2']?.image, compose.services['flowline-1']?.image, 'both run the same image');
  });

  it('gives both instances the same database, secrets and key volume, with metrics on the internal port', () => {
    const [one, two] = [compose.services['flowline-1'], compose.services['flowline-2']];
    assert.deepEqual(two?.environment, one?.environment);
    const env = one?.environment ?? {};
    assert.match(env['DATABASE_URL'] ?? '', /^postgres:\/\/flowline:\$\{POSTGRES_PASSWORD\}@postgres:5432\/flowline$/);
    for (const name of ['FLOWLINE_KEY_PASSPHRASE', 'FLOWLINE_ADMIN_TOKEN']) assert.match(env[name] ?? '', /^\$\{\w+:\?/, `${name} is required, never defaulted`);
    assert.equal(env['FLOWLINE_METRICS_PORT'], '9464');
    assert.deepEqual(one?.volumes, ['flowline-data:/data']);
    assert.deepEqual(two?.volumes, ['flowline-data:/data']);
    assert.deepEqual(one?.depends_on, { postgres: { condition: 'service_healthy' } });
    assert.deepEqual(two?.depends_on, { 'flowline-1': { condition: 'service_healthy' } }, 'the second starts after the first created the keys and migrated');
  });

  it('has the proxy balance both instances on /readyz and keep /metrics out', () => {
    const caddy = read('deploy/Caddyfile');
    assert.match(caddy, /reverse_proxy flowline-1:3000 flowline-2:3000/);
    assert.match(caddy, /health_uri \/readyz/);
    assert.match(caddy, /respond \/metrics 404/);
  });
});

describe('deploy/flowline.service', () => {
  it('runs the start command as an unprivileged user, signals the main process only and waits longer than the drain', () => {
    const unit = new Map(
      read('deploy/flowline.service')
        .split('\n')
        .filter((l) => /^\w+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
    );
    assert.equal(unit.get('ExecStart'), '/usr/bin/node apps/cli/bin/flowline.js serve');
    assert.equal(unit.get('User'), 'flowline');
    assert.equal(unit.get('KillMode'), 'mixed');
    assert.equal(unit.get('KillSignal'), 'SIGTERM');
    assert.ok(Number(unit.get('TimeoutStopSec')) * 1000 > 10_000 + 15_000, 'above the shutdown timeout plus the flush');
    assert.equal(unit.get('Restart'), 'on-failure');
  });
});
