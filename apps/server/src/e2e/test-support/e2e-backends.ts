import { testDatabaseUrl, throwawaySchema } from '@flowline/storage/test-support';

/** A configuration an end-to-end test runs the real server under: its environment and its clean-up. */
export interface E2eBackend {
  readonly name: string;
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * SQLite signed and unsigned, and PostgreSQL (signed, in a throwaway schema named after `schemaPrefix`)
 * when FLOWLINE_TEST_DATABASE_URL is set: the backends every end-to-end suite runs on.
 */
export function e2eBackends(schemaPrefix: string): E2eBackend[] {
  const list: E2eBackend[] = [
    { name: 'SQLite, signed with FLOWLINE_APP_SECRET', env: { FLOWLINE_APP_SECRET: 'e2e-app-secret' }, cleanup: () => Promise.resolve() },
    { name: 'SQLite, no app secret', env: {}, cleanup: () => Promise.resolve() },
  ];
  const url = testDatabaseUrl();
  if (url !== undefined) {
    const { schema, drop } = throwawaySchema(url, schemaPrefix);
    list.push({ name: 'PostgreSQL, signed with FLOWLINE_APP_SECRET', env: { DATABASE_URL: url, FLOWLINE_DATABASE_SCHEMA: schema, FLOWLINE_APP_SECRET: 'e2e-app-secret' }, cleanup: drop });
  }
  return list;
}
