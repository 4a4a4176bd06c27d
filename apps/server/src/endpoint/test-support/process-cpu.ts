import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux builds). */
const USER_HZ = 100;

/**
 * CPU time (user + system, ms) used so far by a process and its live descendants (cluster workers),
 * read from /proc; undefined where /proc is not available (not Linux).
 */
export function processTreeCpuMs(rootPid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const stats = new Map<number, { readonly ppid: number; readonly ticks: number }>();
  for (const name of entries) {
    const parsed = readStat(Number(name));
    if (parsed !== undefined) stats.set(Number(name), parsed);
  }
  if (!stats.has(rootPid)) return undefined;
  let ticks = 0;
  const queue = [rootPid];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === pid) queue.push(child);
  }
  return (ticks / USER_HZ) * 1000;
}

/**
 * CPU ticks used so far by each live process whose command name is `comm` and whose command line (a
 * PostgreSQL backend shows `postgres: <user> <database> …` there) passes `keep`, by pid, from /proc;
 * empty where /proc is missing. Subtract two samples pid by pid (see cpuMsBetween): processes come and go.
 */
export function namedProcessTicks(comm: string, keep: (cmdline: string) => boolean = () => true): Map<number, number> {
  const ticks = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return ticks;
  }
  for (const name of entries) {
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')) !== comm) continue;
      if (!keep(readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' '))) continue;
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while being read.
    }
  }
  return ticks;
}

/** CPU time (ms) between two samples of namedProcessTicks: a process new in `after` counts from zero, one gone is left out. */
export function cpuMsBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return (ticks / USER_HZ) * 1000;
}

/** CPU time (ms) used so far by one process's main thread (its thread id is the process id), from /proc. */
export function mainThreadCpuMs(pid: number): number | undefined {
  const stat = readStat(pid, `/proc/${pid}/task/${pid}/stat`);
  return stat === undefined ? undefined : (stat.ticks / USER_HZ) * 1000;
}

function readStat(pid: number, file = `/proc/${pid}/stat`): { ppid: number; ticks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name (which may itself contain spaces): state ppid … utime(14) stime(15).
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Busy and total CPU time of the whole machine so far (ms, summed over cores), from os.cpus(). */
export function machineCpuMs(): { readonly busy: number; readonly total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const { user, nice, sys, idle, irq } = cpu.times;
    busy += user + nice + sys + irq;
    total += user + nice + sys + idle + irq;
  }
  return { busy, total };
}
