import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { Hono } from 'hono';
import { createSecretBox } from '@flowline/protocol';
import { openStorage, ROLES, type Role, type Storage } from '@flowline/storage';
import { testDatabaseUrl, throwawaySchema } from '@flowline/storage/test-support';
import type { ApiDeps } from '../api-deps.js';
import { createApiRoutes } from '../create-api-routes.js';

/** The key passphrase of the API suite's secret box (`createSecretBox(API_TEST_PASSPHRASE)` opens what the routes sealed). */
export const API_TEST_PASSPHRASE = 'api-test-passphrase';

/** An HTTP answer as the tests read it (the body parsed as JSON when it is JSON). */
export interface TestResponse {
  readonly status: number;
  // Boundary: tests read response bodies by the shapes the routes document.
  readonly body: Record<string, unknown>;
  readonly text: string;
  readonly headers: Headers;
}

/** What an API test gets: the app mounted at /api on real storage, two workspaces and a token per role. */
export interface ApiHarness {
  readonly backend: 'sqlite' | 'postgres';
  readonly storage: Storage;
  /** The fixed clock of the API (epoch ms); tests move it. */
  readonly clock: { now: number };
  readonly workspaceA: string;
  readonly workspaceB: string;
  /** A token per role in workspace A. */
  readonly tokens: Readonly<Record<Role, string>>;
  /** An admin token of workspace B. */
  readonly tokenB: string;
  /** `file` sends bytes as the body with their Content-Type (none when `contentType` is undefined). */
  call(method: string, path: string, options?: { token?: string | null; body?: unknown; rawBody?: string; file?: { bytes: Uint8Array; contentType: string | undefined } }): Promise<TestResponse>;
  /** A GET answered as the raw Response (bytes of a download), with the admin token unless told. */
  download(path: string, token?: string): Promise<Response>;
  /** Rebuilds the app with other dependencies (e.g. a send service). */
  withDeps(extra: Partial<ApiDeps>): ApiHarness;
}

interface Backend {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<Storage>;
  cleanup(): Promise<void>;
}

function backends(): Backend[] {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-api-'));
  const list: Backend[] = [{ name: 'sqlite', open: () => openStorage({ dataDir: dir }), cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) }];
  const url = testDatabaseUrl();
  if (url !== undefined) {
    const { schema, drop } = throwawaySchema(url, 'flowline_api');
    list.push({ name: 'postgres', open: () => openStorage({ databaseUrl: url, schema }), cleanup: drop });
  }
  return list;
}

function harnessOf(base: Omit<ApiHarness, 'call' | 'download' | 'withDeps'>, deps: ApiDeps): ApiHarness {
  const app = new Hono().route('/api', createApiRoutes(deps));
  const harness: ApiHarness = {
    ...base,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      const token = options.token === undefined ? base.tokens.admin : options.token;
      if (token !== null) headers['authorization'] = `Bearer ${token}`;
      let body: string | Uint8Array | undefined = options.rawBody;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (options.file !== undefined) {
        body = options.file.bytes;
        if (options.file.contentType === undefined) delete headers['content-type'];
        else headers['content-type'] = options.file.contentType;
      }
      const response = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      if (/^application\/json\b/.test(response.headers.get('content-type') ?? '') && text !== '') parsed = JSON.parse(text) as Record<string, unknown>;
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    download: (path, token = base.tokens.admin) => Promise.resolve(app.request(path, { headers: { authorization: `Bearer ${token}` } })),
    withDeps: (extra) => harnessOf(base, { ...deps, ...extra }),
  };
  return harness;
}

/** Declares a suite run on SQLite (a temporary directory) and on PostgreSQL when FLOWLINE_TEST_DATABASE_URL is set. */
export function describeApi(title: string, body: (h: () => ApiHarness) => void): void {
  for (const backend of backends()) {
    describe(`${title} [${backend.name}]`, () => {
      let harness: ApiHarness | undefined;
      let storage: Storage | undefined;
      before(async () => {
        storage = await backend.open();
        const clock = { now: Date.parse('2026-06-01T09:00:00Z') };
        const suffix = randomBytes(4).toString('hex');
        const workspaceA = `ws-a-${suffix}`;
        const workspaceB = `ws-b-${suffix}`;
        await storage.workspaces.create({ id: workspaceA, name: 'Workspace A', at: clock.now });
        await storage.workspaces.create({ id: workspaceB, name: 'Workspace B', at: clock.now });
        const tokens: Partial<Record<Role, string>> = {};
        for (const role of ROLES) tokens[role] = (await storage.apiTokens.issue(workspaceA, { name: `${role}-token`, role, at: clock.now })).token;
        const tokenB = (await storage.apiTokens.issue(workspaceB, { name: 'b-admin', role: 'admin', at: clock.now })).token;
        const s = storage;
        harness = harnessOf(
          // Boundary: every role was issued a token in the loop above.
          { backend: backend.name, storage: s, clock, workspaceA, workspaceB, tokens: tokens as Record<Role, string>, tokenB },
          { storage: s, now: () => new Date(clock.now), log: () => undefined, secrets: createSecretBox(API_TEST_PASSPHRASE) },
        );
      });
      after(async () => {
        await storage?.close();
        await backend.cleanup();
      });
      body(() => {
        if (harness === undefined) throw new Error('the API harness is not ready');
        return harness;
      });
    });
  }
}
