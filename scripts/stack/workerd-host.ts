import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { WORKER_VAR_NAMES } from "../../src/config.ts";
import { ROOT, WATCHDOG } from "./paths.ts";
import { buildProductionBundle } from "./production-build.ts";
import type { WorkerVars } from "./worker-vars.ts";
import { workerdConfig } from "./workerd-config.ts";

/**
 * The workerd binary `wrangler dev` runs (its Miniflare's `workerd` dependency), started here without
 * Miniflare: both hosts run the same runtime release, so what differs between them is only the host.
 * wrangler may have a workerd of its own, newer than the test pool's (node_modules/workerd).
 */
export const WORKERD_BINARY = join(
  dirname(createRequire(join(ROOT, "node_modules", "wrangler", "package.json")).resolve("workerd/package.json")),
  "bin",
  "workerd",
);

export interface WorkerdHostOptions {
  port: number;
  dataDir: string;
  vars: WorkerVars;
  /** Where workerd's output goes; default: this process's stdout/stderr. */
  stdio?: "inherit" | "ignore";
  /** Opens workerd's V8 inspector on 127.0.0.1:<port> (CPU profiles); none by default, as in production. */
  inspectorPort?: number;
}

/**
 * The production-like host: the bundle `wrangler deploy` would upload, run by a bare `workerd` on
 * 127.0.0.1 with a generated config (scripts/stack/workerd-config.ts): one process, no dev proxy, no
 * Miniflare entry worker, no dev middleware. Under the same watchdog as wrangler dev
 * (scripts/stack/watchdog.ts), so it cannot outlive the process that started it.
 *
 * What it cannot provide is refused here rather than silently missing: the rate-limit bindings live
 * in Cloudflare's network, so the Worker must run with `RATE_LIMITS=off`. Cron triggers are not fired
 * (workerd has no `/cdn-cgi/handler/scheduled` route; that is Miniflare's).
 *
 * @example
 * const child = await spawnWorkerdHost({ port: 8787, dataDir: "/dev/shm/x", vars: { RATE_LIMITS: "off" } });
 */
export async function spawnWorkerdHost(options: WorkerdHostOptions): Promise<ChildProcess> {
  const hostDir = join(options.dataDir, "workerd");
  const storageDir = join(hostDir, "objects");
  await mkdir(storageDir, { recursive: true });
  const build = await buildProductionBundle(join(hostDir, "bundle"));
  if (build.rateLimitBindings.length > 0 && options.vars.RATE_LIMITS !== "off") {
    throw new Error(
      `the workerd host has no rate-limit bindings (${build.rateLimitBindings.join(", ")}: Cloudflare's network provides them); ` +
        "run it with RATE_LIMITS=off, or use the wrangler host",
    );
  }
  const vars = Object.fromEntries(WORKER_VAR_NAMES.map((name) => [name, options.vars[name]]));
  const configPath = join(build.dir, "workerd.capnp");
  const config = workerdConfig({ ...build, vars, storageDir, address: `127.0.0.1:${options.port}` });
  // The config holds the Worker's secrets (API keys, the libSQL token), as wrangler dev's env file does.
  await writeFile(configPath, config, { mode: 0o600 });
  const inspector = options.inspectorPort === undefined ? [] : [`--inspector-addr=127.0.0.1:${options.inspectorPort}`];
  // As Miniflare runs it: workerd's schema marks localDisk storage experimental, so a release may start
  // to require the flag for it.
  const args = [WATCHDOG, WORKERD_BINARY, "serve", configPath, "--experimental", ...inspector];
  return spawn(process.execPath, args, {
    cwd: build.dir,
    // stdin is the watchdog's lifeline: it closes when this process dies.
    stdio: ["pipe", options.stdio ?? "inherit", options.stdio ?? "inherit"],
    // The Worker sees only its bindings, never this environment; workerd itself needs nothing from it.
    env: { PATH: process.env.PATH ?? "" },
    detached: true,
  });
}
