import { openRawHttpConnection, type RawHttpConnection } from './raw-http-connection.js';

/** Latency percentiles (ms) and throughput of one load phase. */
export interface LoadPhaseResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** Responses other than 200, requests whose connection failed, and 200s whose checked answer was wrong. */
  readonly errors: number;
  /** Answers checked (decrypted and compared) by the target's `check`, and of them the wrong ones (also counted in `errors`). */
  readonly checked: number;
  readonly wrong: number;
  readonly elapsedMs: number;
}

/** Where and what to send: prebuilt requests (see toRawPostRequest) used round-robin. */
export interface LoadTarget {
  readonly port: number;
  readonly requests: readonly Buffer[];
  /**
   * Checks the body of a 200 answer to request number `index` (into `requests`): true when it is the
   * right answer (e.g. it decrypts with that request's key and says what it should). Called for one
   * 200 in `checkEvery` (default 8) in every phase; a false counts the answer as an error, not a success.
   */
  readonly check?: (index: number, body: Buffer | undefined) => boolean;
  readonly checkEvery?: number;
}

/** Counts of answers checked so far in a phase. */
interface CheckCounts {
  checked: number;
  wrong: number;
  seen: number;
}

/** Whether a 200 answer counts: unchecked ones do; a checked one only when `check` accepts it. */
function accepted(target: LoadTarget, counts: CheckCounts, index: number, body: Buffer | undefined): boolean {
  if (target.check === undefined) return true;
  if (counts.seen++ % (target.checkEvery ?? 8) !== 0) return true;
  counts.checked++;
  let ok = false;
  try {
    ok = target.check(index, body);
  } catch {
    ok = false;
  }
  if (!ok) counts.wrong++;
  return ok;
}

/** Turns latencies into a phase result (sorts `latencies` in place). */
export function summarizeLoad(latencies: number[], errors: number, elapsedMs: number, counts: { readonly checked: number; readonly wrong: number } = { checked: 0, wrong: 0 }): LoadPhaseResult {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { requests: latencies.length, rps: (latencies.length / elapsedMs) * 1000, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies[latencies.length - 1] ?? Number.NaN, errors, checked: counts.checked, wrong: counts.wrong, elapsedMs };
}

async function openPool(port: number, size: number): Promise<RawHttpConnection[]> {
  return Promise.all(Array.from({ length: size }, () => openRawHttpConnection(port)));
}

/**
 * Closed loop: `concurrency` keep-alive connections, each sending its next request as soon as the
 * previous one is answered, for `durationMs`. A failed connection is replaced.
 */
export async function runClosedLoop(target: LoadTarget, concurrency: number, durationMs: number): Promise<LoadPhaseResult> {
  const pool = await openPool(target.port, concurrency);
  const latencies: number[] = [];
  const counts: CheckCounts = { checked: 0, wrong: 0, seen: 0 };
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(pool.map((first) => new Promise<void>((finished) => {
    let connection = first;
    const loop = () => {
      if (performance.now() >= end) return finished();
      const index = next++ % target.requests.length;
      const request = target.requests[index] ?? Buffer.alloc(0);
      const sentAt = performance.now();
      connection.send(request, (status, body) => {
        if (status === 200 && accepted(target, counts, index, body)) latencies.push(performance.now() - sentAt);
        else errors++;
        if (connection.open) return loop();
        openRawHttpConnection(target.port).then((fresh) => {
          connection = fresh;
          loop();
        }, () => finished());
      });
    };
    loop();
  })));
  const elapsed = performance.now() - start;
  for (const connection of pool) connection.close();
  return summarizeLoad(latencies, errors, elapsed, counts);
}

/**
 * Open loop at a fixed rate over at most `maxConnections` keep-alive connections. Latency counts from
 * each request's scheduled time, so a request queued behind busy connections shows its wait
 * (no coordinated omission).
 */
export async function runPaced(target: LoadTarget, rps: number, durationMs: number, maxConnections = 64): Promise<LoadPhaseResult> {
  const idle = await openPool(target.port, maxConnections);
  const all = [...idle];
  const latencies: number[] = [];
  const backlog: number[] = [];
  const counts: CheckCounts = { checked: 0, wrong: 0, seen: 0 };
  let errors = 0;
  let scheduled = 0;
  let answered = 0;
  const interval = 1000 / rps;
  const total = Math.max(1, Math.floor((durationMs / 1000) * rps));
  const start = performance.now();
  await new Promise<void>((finished) => {
    const dispatch = (connection: RawHttpConnection, index: number) => {
      const due = start + index * interval;
      const requestIndex = index % target.requests.length;
      connection.send(target.requests[requestIndex] ?? Buffer.alloc(0), (status, body) => {
        if (status === 200 && accepted(target, counts, requestIndex, body)) latencies.push(performance.now() - due);
        else errors++;
        answered++;
        if (answered === total) return finished();
        if (connection.open) return release(connection);
        openRawHttpConnection(target.port).then((fresh) => {
          all.push(fresh);
          release(fresh);
        }, () => undefined);
      });
    };
    const release = (connection: RawHttpConnection) => {
      const waiting = backlog.shift();
      if (waiting === undefined) idle.push(connection);
      else dispatch(connection, waiting);
    };
    // A safety net: connections that cannot be reopened must not hang the benchmark.
    setTimeout(() => {
      errors += total - answered;
      finished();
    }, durationMs * 3 + 10_000).unref();
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; scheduled < due; scheduled++) {
        const connection = idle.pop();
        if (connection === undefined) backlog.push(scheduled);
        else dispatch(connection, scheduled);
      }
      if (scheduled < total) setTimeout(tick, Math.max(1, Math.min(interval, 5)));
    };
    tick();
  });
  const elapsed = performance.now() - start;
  for (const connection of all) connection.close();
  return summarizeLoad(latencies, errors, elapsed, counts);
}
