import { openRawHttpConnection, type RawHttpConnection } from './raw-http-connection.js';

/** Latency percentiles (ms) and throughput of one load phase. */
export interface LoadPhaseResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** Responses other than 200, and requests whose connection failed. */
  readonly errors: number;
  readonly elapsedMs: number;
}

/** Where and what to send: prebuilt requests (see toRawPostRequest) used round-robin. */
export interface LoadTarget {
  readonly port: number;
  readonly requests: readonly Buffer[];
}

/** Turns latencies into a phase result (sorts `latencies` in place). */
export function summarizeLoad(latencies: number[], errors: number, elapsedMs: number): LoadPhaseResult {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { requests: latencies.length, rps: (latencies.length / elapsedMs) * 1000, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies[latencies.length - 1] ?? Number.NaN, errors, elapsedMs };
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
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(pool.map((first) => new Promise<void>((finished) => {
    let connection = first;
    const loop = () => {
      if (performance.now() >= end) return finished();
      const request = target.requests[next++ % target.requests.length] ?? Buffer.alloc(0);
      const sentAt = performance.now();
      connection.send(request, (status) => {
        if (status === 200) latencies.push(performance.now() - sentAt);
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
  return summarizeLoad(latencies, errors, elapsed);
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
  let errors = 0;
  let scheduled = 0;
  let answered = 0;
  const interval = 1000 / rps;
  const total = Math.max(1, Math.floor((durationMs / 1000) * rps));
  const start = performance.now();
  await new Promise<void>((finished) => {
    const dispatch = (connection: RawHttpConnection, index: number) => {
      const due = start + index * interval;
      connection.send(target.requests[index % target.requests.length] ?? Buffer.alloc(0), (status) => {
        if (status === 200) latencies.push(performance.now() - due);
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
  return summarizeLoad(latencies, errors, elapsed);
}
