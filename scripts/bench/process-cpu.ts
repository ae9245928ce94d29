import { readdirSync, readFileSync } from "node:fs";

/**
 * Where the CPU goes: the CPU time of every process the bench started, grouped by role (wrangler dev's
 * proxy, the Worker's workerd, wrangler's own Node, the libSQL server, the model stub, the bench itself), and
 * what the rest of the machine used meanwhile (`foreign`: other people's work skews every figure), read
 * from Linux's /proc. On a machine without /proc the snapshot holds only the bench's own CPU.
 */

export type ProcessRole = "bench" | "proxy" | "worker" | "wrangler" | "libsql" | "stub" | "other" | "foreign";

export const ROLES: readonly ProcessRole[] = ["proxy", "worker", "wrangler", "libsql", "stub", "bench", "other", "foreign"];

/** One line of /proc/<pid>/stat, the fields the bench needs. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** User plus system CPU time, in clock ticks. */
  ticks: number;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux the bench targets). */
export const TICKS_PER_S = 100;

/**
 * Parses /proc/<pid>/stat. The command name (field 2) may hold spaces and parentheses, so fields are
 * counted from the last `)`.
 *
 * @example
 * parseProcStat("42 (node) S 7 42 42 0 -1 4194560 1 0 0 0 150 25 0 0 20 0 11 0 5 0 0");
 * // { pid: 42, ppid: 7, ticks: 175 }
 */
export function parseProcStat(line: string): ProcStat | null {
  const close = line.lastIndexOf(")");
  if (close < 0) return null;
  const pid = Number(line.slice(0, line.indexOf(" ")));
  // After ")": state(3) ppid(4) … utime(14) stime(15); index 0 here is field 3.
  const fields = line.slice(close + 2).split(" ");
  const ppid = Number(fields[1]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(pid) && Number.isFinite(ppid) && Number.isFinite(ticks) ? { pid, ppid, ticks } : null;
}

/** Every pid below `root` in a process table (children, grandchildren, …), `root` excluded. */
export function descendantsOf(root: number, table: readonly ProcStat[]): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  for (let queue = [...(children.get(root) ?? [])]; queue.length > 0; ) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * The role of a process from its command line. Under `wrangler dev` the workerd that listens on the
 * public API port is the dev proxy; the other one runs the Worker and its Durable Objects. The workerd
 * host (scripts/stack/workerd-host.ts) has one workerd, the Worker's, with its socket in its config
 * file. Only a workerd program counts: the watchdog that starts one names it among its arguments.
 *
 * @example
 * roleOf("workerd serve --binary --socket-addr=entry=127.0.0.1:8787 …", 8787, {}); // "proxy"
 * roleOf("/x/workerd serve /d/workerd.capnp --experimental", 8787, {}); // "worker"
 */
export function roleOf(cmdline: string, apiPort: number, knownPids: Partial<Record<ProcessRole, string>> = {}): ProcessRole {
  for (const [role, marker] of Object.entries(knownPids)) if (cmdline.includes(marker!)) return role as ProcessRole;
  if (/(^|\/)workerd$/.test(cmdline.split(" ", 1)[0] ?? "")) return new RegExp(`entry=[^ ]*:${apiPort}( |$)`).test(cmdline) ? "proxy" : "worker";
  if (cmdline.includes("wrangler")) return "wrangler";
  return "other";
}

/**
 * Busy CPU seconds of the whole machine from the first line of /proc/stat (every state but idle and
 * iowait), or null when unreadable.
 *
 * @example
 * machineBusyS("cpu  100 0 50 900 10 0 5 0 0 0"); // 1.55
 */
export function machineBusyS(procStat: string): number | null {
  const fields = procStat.split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return null;
  const [user, nice, system, , , irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number];
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_S;
}

function readProcTable(): ProcStat[] {
  const table: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (stat) table.push(stat);
    } catch {
      // the process ended while the table was read
    }
  }
  return table;
}

/** Command-line fragments of the bench's own child scripts (see bench-stack.ts). */
export const BENCH_CHILD_SCRIPTS: Partial<Record<ProcessRole, string>> = { stub: "stub-process.ts", libsql: "libsql-server.ts" };

export interface OwnProcess {
  pid: number;
  role: ProcessRole;
  /** CPU used so far, clock ticks. */
  ticks: number;
}

/**
 * Every process below this one (what the bench started), with its role; empty without /proc.
 * `scripts` maps a role to a piece of its command line.
 *
 * @example
 * ownProcesses(8787).filter((p) => p.role === "worker"); // [{ pid: 4242, role: "worker", ticks: 1234 }]
 */
export function ownProcesses(apiPort: number, scripts = BENCH_CHILD_SCRIPTS): OwnProcess[] {
  let table: ProcStat[];
  try {
    table = readProcTable();
  } catch {
    return [];
  }
  const byPid = new Map(table.map((stat) => [stat.pid, stat]));
  return descendantsOf(process.pid, table).flatMap((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      return [{ pid, role: roleOf(cmdline, apiPort, scripts), ticks: byPid.get(pid)!.ticks }];
    } catch {
      return []; // ended meanwhile
    }
  });
}

/** What the bench and its processes had used at one moment. */
export interface CpuSnapshot {
  /** The bench's own CPU seconds. */
  benchS: number;
  /** Busy CPU seconds of the whole machine (null without /proc). */
  machineS: number | null;
  processes: OwnProcess[];
}

/**
 * CPU used so far by the bench, each process it started, and the whole machine.
 *
 * @example
 * const before = cpuSnapshot(8787);
 */
export function cpuSnapshot(apiPort: number, scripts = BENCH_CHILD_SCRIPTS): CpuSnapshot {
  const own = process.cpuUsage();
  let machineS: number | null = null;
  try {
    machineS = machineBusyS(readFileSync("/proc/stat", "utf8"));
  } catch {
    // no /proc: nothing known of the rest of the machine
  }
  return { benchS: (own.user + own.system) / 1e6, machineS, processes: ownProcesses(apiPort, scripts) };
}

/** Cores used by each role. */
export type CoresByRole = Record<ProcessRole, number>;

/**
 * Cores used per role between two snapshots (CPU seconds over wall seconds, rounded to 0.01). A
 * process seen only in `after` started in between and counts from zero (a restarted Worker keeps its
 * figure); `foreign` is what the rest of the machine used meanwhile.
 *
 * @example
 * coresUsed(before, after, 10); // { proxy: 0.42, worker: 0.81, …, foreign: 0.05 }
 */
export function coresUsed(before: CpuSnapshot, after: CpuSnapshot, wallS: number): CoresByRole {
  const seconds = cpuSecondsUsed(before, after);
  const cores = (value: number) => (wallS > 0 ? Math.max(0, Math.round((value / wallS) * 100) / 100) : 0);
  return Object.fromEntries(ROLES.map((role) => [role, cores(seconds[role])])) as CoresByRole;
}

/**
 * CPU seconds per role between two snapshots, unrounded (divided by requests they give CPU per request
 * to the clock tick, where rounded cores would lose it).
 *
 * @example
 * cpuSecondsUsed(before, after).worker; // 3.62
 */
export function cpuSecondsUsed(before: CpuSnapshot, after: CpuSnapshot): CoresByRole {
  const seconds = Object.fromEntries(ROLES.map((role) => [role, 0])) as CoresByRole;
  const ticksBefore = new Map(before.processes.map((p) => [p.pid, p.ticks]));
  for (const { pid, role, ticks } of after.processes) seconds[role] += (ticks - (ticksBefore.get(pid) ?? 0)) / TICKS_PER_S;
  seconds.bench = after.benchS - before.benchS;
  const ours = ROLES.reduce((sum, role) => sum + seconds[role], 0);
  seconds.foreign = before.machineS === null || after.machineS === null ? 0 : after.machineS - before.machineS - ours;
  return seconds;
}
