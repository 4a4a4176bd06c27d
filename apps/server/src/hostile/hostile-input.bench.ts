// The long hostile-input run (issue 15): 100,000 generated hostile requests (the generators of the CI
// suite, hostile-input.test.ts) against a real server process with two cluster workers and a crypto
// thread each, on SQLite. Prints the figures as Markdown; scripts/run-bench.mjs writes them into
// docs/security.md ("Hostile-input run"), where this bench's section lives.
// Run: npm run bench:hostile (FLOWLINE_HOSTILE_REQUESTS and FLOWLINE_HOSTILE_SEED override the defaults).
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { formatHostileReport } from './test-support/format-hostile-report.js';
import { runHostile } from './test-support/hostile-run.js';
import { hostileSeed } from './test-support/seeded-random.js';

const requests = Number(process.env['FLOWLINE_HOSTILE_REQUESTS'] ?? 100_000);
// As the CI suite: enough connections that requests held until a server timeout do not idle the run.
const CONCURRENCY = 64;
const seed = hostileSeed();
const load = loadavg()[0] ?? 0;
const report = await runHostile({ requests, seed, concurrency: CONCURRENCY, workers: 2, cryptoThreads: 1, progress: (line) => process.stderr.write(`   ${line}\n`) });
const cpu = cpus();
const deaths = [...report.deathEvents.values()].reduce((sum, n) => sum + n, 0);
const verdict =
  deaths === 0 && report.primaryAlive && report.undocumented5xx === 0 && report.unanswered === 0 && report.refused === 0 && report.finalChecks.every((c) => c.ok)
    ? 'held: no death, no undocumented 5xx, every complete request answered, valid requests answered correctly at the end'
    : 'FAILED: see the deaths, 5xx and unanswered requests below';
process.stdout.write(
  [
    `${requests.toLocaleString('en-US')} hostile requests, ${CONCURRENCY} keep-alive connections, server with FLOWLINE_WORKERS=2 and FLOWLINE_CRYPTO_THREADS=1 on SQLite; ${verdict}.`,
    '',
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}; load average ${load.toFixed(1)} at the start (the machine is shared, so the rate says little).`,
    '',
    formatHostileReport(report),
    '',
  ].join('\n'),
);
