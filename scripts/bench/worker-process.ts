import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { ownProcesses } from "./process-cpu.ts";

/**
 * Facts about the Worker's workerd process that wrangler does not tell, read from Linux's /proc:
 * - its own HTTP socket, behind wrangler dev's proxy (`--direct`): every request to the API port first
 *   crosses the dev proxy, a second workerd process production does not have; talking to the Worker's
 *   socket directly shows what the proxy costs;
 * - its open files against its limit: every Durable Object keeps its SQLite files open (3 per object),
 *   so a run that creates cells faster than workerd evicts idle objects ends in EMFILE and 500s.
 */

/**
 * Ports in LISTEN state on 127.0.0.1 from /proc/net/tcp text, for the given socket inodes.
 *
 * @example
 * listeningPorts("  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 4242 1 …", new Set([4242]));
 * // [8080]
 */
export function listeningPorts(procNetTcp: string, inodes: ReadonlySet<number>): number[] {
  const ports: number[] = [];
  for (const line of procNetTcp.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [local, , state, , , , , , inode] = fields.slice(1);
    if (state !== "0A" || local === undefined || !inodes.has(Number(inode))) continue;
    const [address, port] = local.split(":");
    if (address === "0100007F" && port) ports.push(parseInt(port, 16));
  }
  return ports;
}

/** Inodes of the sockets a process holds open. */
function socketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(Number(match[1]));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/**
 * The base URL of the Worker's own socket: the listening port of the Worker's workerd that answers
 * `probePath` with 200 (workerd also listens for its inspector and internal services).
 *
 * @example
 * await workerSocketUrl(8787, "/v1/rubrics/cynic-36"); // "http://127.0.0.1:41367"
 * @throws Error when /proc cannot tell (not Linux) or no socket answers.
 */
export async function workerSocketUrl(apiPort: number, probePath: string): Promise<string> {
  const workers = ownProcesses(apiPort).filter((process) => process.role === "worker");
  const procNetTcp = readFileSync("/proc/net/tcp", "utf8");
  for (const { pid } of workers) {
    for (const port of listeningPorts(procNetTcp, socketInodes(pid))) {
      try {
        const reply = await fetch(`http://127.0.0.1:${port}${probePath}`, { signal: AbortSignal.timeout(2_000) });
        await reply.arrayBuffer();
        if (reply.status === 200) return `http://127.0.0.1:${port}`;
      } catch {
        // not an HTTP socket of the Worker
      }
    }
  }
  throw new Error("--direct: the Worker's own socket was not found (it needs Linux's /proc)");
}

export interface WorkerFiles {
  /** Pids of the Worker's workerd; a change between two readings means it restarted. */
  pids: number[];
  /** Open file descriptors (sockets included), summed over those pids. */
  open: number;
  /** Its soft limit on open files ("Max open files"), or null when unknown. */
  limit: number | null;
}

/**
 * The soft "Max open files" limit from /proc/<pid>/limits text.
 *
 * @example
 * openFilesLimit("Max open files            20000                20000                files"); // 20000
 */
export function openFilesLimit(limits: string): number | null {
  const match = /^Max open files\s+(\d+)/m.exec(limits);
  return match ? Number(match[1]) : null;
}

/**
 * The Worker's open files right now; zeros without /proc.
 *
 * @example
 * workerFiles(8787); // { pids: [4242], open: 1310, limit: 20000 }
 */
export function workerFiles(apiPort: number): WorkerFiles {
  const pids = ownProcesses(apiPort)
    .filter((process) => process.role === "worker")
    .map((process) => process.pid);
  let open = 0;
  let limit: number | null = null;
  for (const pid of pids) {
    try {
      open += readdirSync(`/proc/${pid}/fd`).length;
      limit = openFilesLimit(readFileSync(`/proc/${pid}/limits`, "utf8"));
    } catch {
      // ended meanwhile
    }
  }
  return { pids, open, limit };
}
