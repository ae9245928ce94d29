import type { ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { parseConfig } from "../../src/config.ts";
import { buildDashboard } from "../build-dashboard.ts";
import { startLibsqlServer, type LibsqlServer } from "../libsql/server.ts";
import { migrateDatabase } from "../migrate.ts";
import { assertPortFree } from "./ports.ts";
import { spawnWorkerdHost } from "./workerd-host.ts";
import { spawnWranglerDev, stopChild, waitUntilHealthy, type WranglerDevOptions } from "./wrangler-dev.ts";
import { localWorkerVars } from "./worker-vars.ts";
import type { Host } from "./hosts.ts";

export { HOSTS, type Host } from "./hosts.ts";

export { localWorkerVars, workerVarsFrom } from "./worker-vars.ts";

export interface StackOptions {
  /** API port (wrangler dev's proxy, or workerd's own socket). */
  port: number;
  /** Default `wrangler`. */
  host?: Host;
  /** Local libSQL server port; unused when `vars.LIBSQL_URL` points elsewhere. */
  libsqlPort: number;
  dataDir: string;
  vars: WranglerDevOptions["vars"];
  logLevel?: WranglerDevOptions["logLevel"];
  stdio?: WranglerDevOptions["stdio"];
  /** The Worker's V8 inspector on 127.0.0.1 (CPU profiles); the workerd host opens none without it. */
  inspectorPort?: number;
  log?: (line: string) => void;
}

export interface Stack {
  apiUrl: string;
  libsqlUrl: string;
  /** The variables the Worker runs with, local settings included (the banner reports them). */
  vars: WranglerDevOptions["vars"];
  /** Settles when a child dies unexpectedly; `stop()` does not settle it. */
  failed: Promise<Error>;
  /** The process group of the host: `wrangler dev` and its workerd, or the bare workerd (crash tests SIGKILL it). */
  processGroup: number;
  stop(): Promise<void>;
}

/**
 * Starts the whole local stack: the libSQL server (unless LIBSQL_URL names another), its migrations, and
 * the host (`wrangler dev` unless `host` says `workerd`) with the Worker's variables; resolves once
 * `/health` answers.
 *
 * @example
 * const stack = await startStack({ port: 8787, libsqlPort: 8080, dataDir: ".data", vars: {} });
 * // ... use stack.apiUrl ...
 * await stack.stop();
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const startsLibsql = !options.vars.LIBSQL_URL;
  const vars = localWorkerVars(options.vars, options.libsqlPort);
  // The Worker's own schema, before anything starts: a bad setting fails here, naming itself
  // (ConfigError), rather than as a Worker that answers nothing but errors.
  parseConfig(vars);
  await assertPortFree(options.port, "127.0.0.1", "API port (PORT)");
  // Both hosts serve the dashboard's browser files from the static assets, built from source here.
  await buildDashboard();
  let libsql: LibsqlServer | undefined;
  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (child) await stopChild(child);
    await libsql?.close();
  };
  try {
    let libsqlUrl = vars.LIBSQL_URL!;
    if (startsLibsql) {
      await assertPortFree(options.libsqlPort, "127.0.0.1", "libSQL port (LIBSQL_PORT)");
      libsql = await startLibsqlServer({ dataDir: join(dataDir, "libsql"), port: options.libsqlPort, authToken: vars.LIBSQL_AUTH_TOKEN });
      libsqlUrl = libsql.url;
      vars.LIBSQL_URL = libsqlUrl;
      log(`libSQL server  ${libsqlUrl}  (data in ${join(dataDir, "libsql")}; bearer token new each start)`);
    }
    await migrateDatabase(libsqlUrl, vars.LIBSQL_AUTH_TOKEN);
    log("migrations     applied");
    const host = options.host ?? "wrangler";
    const shared = { ...(options.stdio ? { stdio: options.stdio } : {}), ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}) };
    child =
      host === "workerd"
        ? await spawnWorkerdHost({ port: options.port, dataDir, vars, ...shared })
        : await spawnWranglerDev({ port: options.port, dataDir, vars, ...(options.logLevel ? { logLevel: options.logLevel } : {}), ...shared });
    const running = child;
    const what = host === "workerd" ? "workerd" : "wrangler dev";
    const failed = new Promise<Error>((resolveFailure) => {
      running.once("exit", (code, signal) => {
        if (!stopping) resolveFailure(new Error(`${what} exited unexpectedly (code ${code}, signal ${signal})`));
      });
    });
    const apiUrl = `http://127.0.0.1:${options.port}`;
    await waitUntilHealthy(`${apiUrl}/health`, running, 60_000, what);
    return { apiUrl, libsqlUrl, vars, failed, processGroup: running.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
