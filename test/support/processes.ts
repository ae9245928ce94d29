import { readdirSync, readFileSync } from "node:fs";

/** A process as /proc shows it: its parent, state and start time (which tells a reused pid apart). */
interface ProcessEntry {
  pid: number;
  ppid: number;
  state: string;
  startTime: string;
  command: string;
}

function readProcess(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: the fields after it are split.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    return { pid, ppid: Number(fields[1]), state: fields[0]!, startTime: fields[19]!, command };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcessEntry[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((entry): entry is ProcessEntry => entry !== undefined);
}

/** `root` and every process descending from it, as they are now (Linux /proc). */
export function processTree(root: number): ProcessEntry[] {
  const all = allProcesses();
  const tree = all.filter((entry) => entry.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((entry) => entry.ppid === tree[i]!.pid));
  return tree;
}

/** The processes of `processes` still running (not exited, not a zombie, pid not reused). */
export function stillAlive(processes: readonly ProcessEntry[]): ProcessEntry[] {
  return processes.filter((entry) => {
    const now = readProcess(entry.pid);
    return now !== undefined && now.startTime === entry.startTime && now.state !== "Z";
  });
}

/** Polls until none of `processes` runs, or `timeoutMs` passes; resolves with those left. */
export async function waitUntilGone(processes: readonly ProcessEntry[], timeoutMs: number): Promise<ProcessEntry[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = stillAlive(processes);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    alive = stillAlive(processes);
  }
  return alive;
}
