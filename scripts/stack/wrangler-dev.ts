import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { WORKER_VAR_NAMES } from "../../src/config.ts";
import { layoutWorkerVars } from "./env-file.ts";
import type { WorkerVars } from "./worker-vars.ts";
import { ROOT, WATCHDOG, WRANGLER_CLI } from "./paths.ts";


/** Variables passed through to the Worker: every one the configuration schema reads (src/config.ts). */
export const WORKER_VARS = WORKER_VAR_NAMES;

export interface WranglerDevOptions {
  port: number;
  dataDir: string;
  vars: WorkerVars;
  logLevel?: "debug" | "info" | "log" | "warn" | "error";
  /** Where wrangler's output goes; default: this process's stdout/stderr. */
  stdio?: "inherit" | "ignore";
  /** The Worker's V8 inspector port (CPU profiles); default: one the OS picks (wrangler dev always opens one). */
  inspectorPort?: number;
}

/**
 * Starts `wrangler dev` on 127.0.0.1 with no outbound network, under a watchdog that leads its process
 * group and takes it down when this process goes away (scripts/stack/watchdog.ts). The Worker's
 * variables reach it byte for byte (scripts/stack/env-file.ts).
 */
export async function spawnWranglerDev(options: WranglerDevOptions): Promise<ChildProcess> {
  await mkdir(options.dataDir, { recursive: true });
  const envFile = join(options.dataDir, "worker.env");
  const layout = layoutWorkerVars(options.vars);
  await writeFile(envFile, layout.envFile, { mode: 0o600 });
  const args = [
    WATCHDOG,
    process.execPath,
    WRANGLER_CLI,
    "dev",
    "--ip", "127.0.0.1",
    "--port", String(options.port),
    // 0: the OS picks it as wrangler binds it. A port picked here and bound later races every other
    // socket on the machine (outgoing connections take ephemeral ports too) and lost once in CI.
    "--inspector-port", String(options.inspectorPort ?? 0),
    "--persist-to", join(options.dataDir, "wrangler"),
    "--env-file", envFile,
    "--show-interactive-dev-session=false",
    "--log-level", options.logLevel ?? "info",
    ...layout.varArgs,
  ];
  return spawn(process.execPath, args, {
    cwd: ROOT,
    // stdin is the watchdog's lifeline: it closes when this process dies.
    stdio: ["pipe", options.stdio ?? "inherit", options.stdio ?? "inherit"],
    env: {
      ...process.env,
      // Only the env file's variables reach the Worker, never this process's whole environment.
      CLOUDFLARE_INCLUDE_PROCESS_ENV: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_SEND_METRICS: "false",
      // The dev server's own update check would reach the network.
      WRANGLER_NO_UPDATE_CHECK: "true",
      NO_UPDATE_NOTIFIER: "1",
      // wrangler dev's local trace collector streams every invocation into a Durable Object of its own:
      // a fifth of the Worker CPU of a judgment and half of a cached read's (docs/benchmarks.md). Off
      // unless asked for; production has no such collector.
      X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
    },
    detached: true,
  });
}

class MisconfiguredWorker extends Error {}

/** Polls `url` until it answers 200, the child (`what`, for the message) exits, or the deadline passes. */
export async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs = 60_000, what = "wrangler dev"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = child.exitCode !== null;
  child.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${what} exited (code ${child.exitCode}) before ${url} answered`);
    try {
      const reply = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const text = await reply.text();
      if (reply.ok) return;
      // A Worker that refuses its own configuration will not get better by waiting.
      const problem = reply.status === 503 ? (JSON.parse(text) as { code?: string; detail?: string }) : undefined;
      if (problem?.code === "misconfigured") throw new MisconfiguredWorker(problem.detail ?? "the Worker is misconfigured");
    } catch (error) {
      if (error instanceof MisconfiguredWorker) throw error;
      // not listening yet, or not JSON yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Stops a detached child and its process group; resolves when it has exited. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const kill = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    signalGroup(pid, "SIGTERM");
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
