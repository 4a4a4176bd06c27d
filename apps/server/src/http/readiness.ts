import type { Storage } from '@flowline/storage';
import type { Logger } from '../logging/logger.js';

/** One check of `GET /readyz`: `ok`, or why not (a short phrase, never a connection string or an error text). */
export type CheckResult = 'ok' | string;

/** The answer of `GET /readyz`. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: { readonly database: CheckResult; readonly migrations: CheckResult; readonly keys: CheckResult; readonly shutdown: CheckResult };
}

/** Readiness of one server process; `draining` once it stops accepting work (SIGTERM). */
export interface Readiness {
  check(): Promise<ReadinessReport>;
  markDraining(): void;
}

/** How long the database may take to answer a readiness check before it counts as unreachable. */
export const READINESS_DB_TIMEOUT_MS = 2000;
/** A report is reused this long: a probe storm reaches the database at most once a second. */
const CACHE_MS = 1000;

/**
 * `GET /readyz`: ready when the database answers (within 2 s), every migration this code knows is
 * applied, and the endpoint's key pair is loaded; not ready while shutting down, so a load balancer
 * stops sending work before the process goes. Checks are shared by concurrent probes and cached 1 s.
 */
export function createReadiness(deps: { storage: Storage; keysLoaded: () => boolean; log: Logger; now?: () => number }): Readiness {
  const now = deps.now ?? Date.now;
  let draining = false;
  let cached: { at: number; report: Promise<ReadinessReport> } | undefined;
  let lastDatabaseProblem: string | undefined;

  const run = async (): Promise<ReadinessReport> => {
    let database: CheckResult = 'ok';
    let migrations: CheckResult = 'ok';
    try {
      const pending = await withTimeout(deps.storage.pendingMigrations(), READINESS_DB_TIMEOUT_MS);
      if (pending.length > 0) migrations = `${pending.length} pending: ${pending.join(', ')}`;
      lastDatabaseProblem = undefined;
    } catch (error) {
      database = 'unreachable';
      migrations = 'unknown (database unreachable)';
      // Logged once per episode, with the driver's message (it may name the host: logs are the operator's, the answer is public).
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== lastDatabaseProblem) deps.log('error', 'readiness.database_unreachable', { error: problem });
      lastDatabaseProblem = problem;
    }
    const keys: CheckResult = deps.keysLoaded() ? 'ok' : 'not loaded';
    const shutdown: CheckResult = draining ? 'shutting down' : 'ok';
    return { ready: database === 'ok' && migrations === 'ok' && keys === 'ok' && shutdown === 'ok', checks: { database, migrations, keys, shutdown } };
  };

  return {
    check() {
      const at = now();
      if (cached === undefined || at - cached.at >= CACHE_MS) cached = { at, report: run() };
      if (!draining) return cached.report;
      return cached.report.then((report) => ({ ready: false, checks: { ...report.checks, shutdown: 'shutting down' } }));
    },
    markDraining() {
      draining = true;
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
