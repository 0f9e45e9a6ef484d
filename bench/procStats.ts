// What the benchmarks read about a process from Linux's /proc: CPU time (whole process with its children, or per
// thread) and resident memory. CPU time moves less with what else runs on a shared machine than wall time does.
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = 100;

/**
 * The CPU time a process has used so far, ms (user + system), with (`withChildren`) what its children used: those it
 * has reaped and those still running (PostgreSQL's backends). Null when it cannot be read (not Linux, or the process
 * is gone): no figure rather than a wrong one.
 */
export function processCpuMs(pid: number | undefined, withChildren = false): number | null {
  if (pid === undefined) return null;
  try {
    const fields = statFields(pid);
    // utime, stime, cutime, cstime: fields 14-17 of /proc/<pid>/stat.
    let ticks = Number(fields[11]) + Number(fields[12]);
    if (withChildren) {
      ticks += Number(fields[13]) + Number(fields[14]);
      for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        const child = statOrNull(Number(entry));
        if (child && Number(child[1]) === pid) ticks += Number(child[11]) + Number(child[12]);
      }
    }
    return (ticks * 1000) / CLOCK_TICKS;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** /proc/<pid>/stat's fields after the command name (which is in parentheses and may hold spaces): state is [0]. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

function statOrNull(pid: number): string[] | null {
  try {
    return statFields(pid);
  } catch (err) {
    // A process that ended while /proc was read.
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ESRCH")
      return null;
    throw err;
  }
}

/**
 * CPU time of a process in seconds, all its threads (GC helpers and workers included) or its main thread alone, from
 * /proc/<pid>/task/<tid>/schedstat (ns on the CPU, finer than the clock ticks of /proc/<pid>/stat).
 */
export function threadCpuSeconds(pid: number, onlyMainThread = false): number {
  let ns = 0;
  for (const tid of onlyMainThread ? [String(pid)] : readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch (err) {
      // A thread that ended between the listing and the read.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return ns / 1e9;
}

/** Resident memory of a process in MB. */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
