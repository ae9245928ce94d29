import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPortFree, freePort } from "../../scripts/stack/ports.ts";
import { processTree, waitUntilGone } from "../support/processes.ts";

/**
 * `npm start` however it ends: a signal to npm, to start.ts or to npm's process group (what a terminal's
 * Ctrl-C, an IDE, systemd or a process manager sends), or SIGKILL of any of them. Each case starts the
 * real stack with `npm start` and checks that within 10 s no process of it runs and its ports are free.
 * One data directory serves every case, so only the first applies migrations.
 */
const GONE_WITHIN_MS = 10_000;

type Target = "npm" | "start.ts" | "group" | "wrangler";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "judgment-lifecycle-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface Running {
  npm: ChildProcessWithoutNullStreams;
  port: number;
  libsqlPort: number;
  output: () => string;
}

/**
 * `npm start` in a process group of its own (as a terminal runs it), once it has printed its banner.
 * Its ports are picked free here and bound by its children a moment later: another socket on the machine
 * can take one in between, so a start that lost that race is made again on new ports.
 */
async function npmStart(attempts = 3): Promise<Running> {
  try {
    return await npmStartOnce();
  } catch (error) {
    if (attempts > 1 && /already in use/i.test(String(error))) return npmStart(attempts - 1);
    throw error;
  }
}

async function npmStartOnce(): Promise<Running> {
  const port = await freePort();
  const libsqlPort = await freePort();
  const npm = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(port), LIBSQL_PORT: String(libsqlPort), DATA_DIR: dataDir, WRANGLER_LOG_LEVEL: "warn" },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    npm.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ctrl-C stops everything")) resolve();
    });
    npm.once("exit", (code) => reject(new Error(`npm start exited early (${code}): ${output}`)));
  });
  return { npm, port, libsqlPort, output: () => output };
}

function pidOf(tree: ReturnType<typeof processTree>, target: Target, npmPid: number): number {
  if (target === "npm" || target === "group") return npmPid;
  const pattern = target === "start.ts" ? /scripts\/start\.ts/ : /wrangler\.js dev/;
  const entry = tree.find((candidate) => pattern.test(candidate.command) && !/watchdog/.test(candidate.command));
  if (!entry) throw new Error(`no ${target} process in ${tree.map((candidate) => candidate.command).join("\n")}`);
  return entry.pid;
}

const cases: [Target, NodeJS.Signals][] = [
  ["npm", "SIGINT"],
  ["npm", "SIGTERM"],
  ["npm", "SIGKILL"],
  ["start.ts", "SIGINT"],
  ["start.ts", "SIGKILL"],
  ["group", "SIGINT"],
  ["group", "SIGTERM"],
  ["group", "SIGKILL"],
  ["wrangler", "SIGKILL"],
];

describe("npm start leaves nothing behind", { timeout: 300_000 }, () => {
  it.each(cases)("%s gets %s", async (target, signal) => {
    const running = await npmStart();
    const tree = processTree(running.npm.pid!);
    expect(tree.some((entry) => /workerd/.test(entry.command)), running.output()).toBe(true);
    const pid = pidOf(tree, target, running.npm.pid!);
    process.kill(target === "group" ? -pid : pid, signal);
    const left = await waitUntilGone(tree, GONE_WITHIN_MS);
    expect(left.map((entry) => entry.command), running.output()).toEqual([]);
    await assertPortFree(running.port);
    await assertPortFree(running.libsqlPort);
  });
});
