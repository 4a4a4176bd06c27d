import type { HostileRunReport } from './hostile-run.js';

/** The figures of a hostile run as Markdown: totals, deaths, memory, disk, one row per category, and (on request) the first error lines of the server's log. */
export function formatHostileReport(report: HostileRunReport, options: { errorSamples?: boolean } = {}): string {
  const mib = (kib: number) => (kib / 1024).toFixed(0);
  const bytesMib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const statuses = (map: ReadonlyMap<number, number>) =>
    [...map.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status === 0 ? 'none' : status} × ${count}`)
      .join(', ');
  const deaths = [...report.deathEvents.values()].reduce((sum, n) => sum + n, 0);
  const lines = [
    `- Requests: ${report.requests} in ${(report.durationMs / 1000).toFixed(1)} s (${((report.requests / report.durationMs) * 1000).toFixed(0)} req/s), seed ${report.seed}`,
    `- CPU during the run: ${(report.cpuMs.server / 1000).toFixed(1)} s by the server's processes, ${(report.cpuMs.generator / 1000).toFixed(1)} s by the generator`,
    `- Statuses: ${statuses(report.statuses)} ("none": the connection was dropped or held without an answer, expected only for slowloris, refused oversized bodies and malformed HTTP)`,
    `- Deaths: ${deaths} (${[...report.deathEvents.entries()].map(([e, n]) => `${e} × ${n}`).join(', ') || 'no worker or thread death logged'}); server process ${report.primaryAlive ? 'alive' : 'DEAD'}; cluster workers ${sameList(report.workerPidsBefore, report.workerPidsAfter) ? `unchanged (pids ${report.workerPidsBefore.join(', ')})` : `CHANGED (${report.workerPidsBefore.join(', ')} → ${report.workerPidsAfter.join(', ')})`}`,
    `- Undocumented 5xx: ${report.undocumented5xx}; complete requests without an answer: ${report.unanswered}; connections refused: ${report.refused}`,
    `- RSS of the server's process tree: ${mib(report.rssKib.before)} MiB before, ${mib(report.rssKib.after)} MiB after, ${mib(report.rssKib.peak)} MiB peak`,
    `- SQLite database (with WAL): ${bytesMib(report.dbBytes.before)} MiB before, ${bytesMib(report.dbBytes.after)} MiB after`,
    `- Valid requests after the run: ${report.finalChecks.filter((c) => c.ok).length} of ${report.finalChecks.length} answered correctly${report.finalChecks.some((c) => !c.ok) ? ` (${report.finalChecks.filter((c) => !c.ok).map((c) => c.detail).join('; ')})` : ''}`,
  ];
  if (report.errorEvents.size > 0) lines.push(`- Error events logged (not deaths): ${[...report.errorEvents.entries()].map(([e, n]) => `${e} × ${n}`).join(', ')}`);
  const table = ['', '| category | requests | statuses |', '|---|---:|---|', ...[...report.categories.entries()].map(([name, c]) => `| ${name} | ${c.count} | ${statuses(c.statuses)} |`)];
  const offences = report.offences.length === 0 ? [] : ['', `First offences (${report.offences.length} kept, the same ones counted together):`, ...grouped(report.offences)];
  const samples = options.errorSamples !== true || report.errorSamples.length === 0 ? [] : ['', 'First error lines of the server log:', ...report.errorSamples.map((line) => `    ${line}`)];
  return [...lines, ...table, ...offences, ...samples].join('\n');
}

function grouped(offences: HostileRunReport['offences']): string[] {
  const counts = new Map<string, number>();
  for (const o of offences) {
    const line = `[${o.category}] ${o.status === 0 ? 'no answer' : o.status}: ${o.detail}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].map(([line, count]) => `- ${count > 1 ? `${count} × ` : ''}${line}`);
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
