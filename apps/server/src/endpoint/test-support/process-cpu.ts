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
 * CPU time (user + system, ms) used so far by every live process whose command name is `comm` (e.g. all
 * `postgres` backends and background processes of a local PostgreSQL server), from /proc; 0 where /proc is missing.
 */
export function namedProcessesCpuMs(comm: string): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  let ticks = 0;
  for (const name of entries) {
    let text: string;
    try {
      text = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    if (text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')) !== comm) continue;
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
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
