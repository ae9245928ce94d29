import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startStack, type Host } from "../stack/index.ts";
import { freePort } from "../stack/ports.ts";
import { startChildScript, type ReadyChild } from "./child-script.ts";
import { startModelStub, type ModelStub } from "./model-stub.ts";

const LIBSQL_SCRIPT = fileURLToPath(new URL("../libsql-server.ts", import.meta.url));

/** Everything the bench started, and how to stop it. */
export interface BenchStack {
  apiUrl: string;
  apiPort: number;
  stub: ModelStub;
  libsqlPid: number;
  /** Settles if the host dies mid-run. */
  failed: Promise<Error>;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  stubLatencyMs: number;
  /** What runs the Worker (default wrangler dev). */
  host?: Host;
  /** The Worker's V8 inspector port (CPU profiles). */
  inspectorPort?: number | null;
  /** Where the fresh data directory is made (see defaultDataRoot). */
  dataRoot: string;
  /** Keep the data directory after stopping (to inspect it). */
  keepData?: boolean;
  /** Show wrangler's own warnings and errors (a crashed Worker says why there). */
  verbose?: boolean;
  /** Keep the Worker's request and judgment log lines. */
  logs?: boolean;
  /** Worker variables over the ones below (the `--var` flag). */
  vars?: Record<string, string>;
  log?: (line: string) => void;
}

/**
 * RAM-backed /dev/shm when the machine has it, else the OS temp directory. Each Durable Object's
 * SQLite commit fsyncs on workerd's one thread; on a VM disk that stalls every request in the Worker,
 * a cost of the local machine that production's storage does not put on the Worker
 * (docs/benchmarks.md has the figures both ways).
 */
export function defaultDataRoot(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

/**
 * Starts the model stub and the libSQL server as child processes, then the API (`wrangler dev` at warn
 * level, or the deploy bundle on a bare workerd) on free ports over a fresh data directory, judging
 * with the stub through the OpenAI wire format, one call per axiom.
 *
 * @example
 * const stack = await startBenchStack({ stubLatencyMs: 100, dataRoot: defaultDataRoot() });
 * await fetch(`${stack.apiUrl}/health`);
 * await stack.stop();
 */
export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = await mkdtemp(join(options.dataRoot, "judgment-bench-"));
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop();
    if (!options.keepData) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const stub = await startModelStub(options.stubLatencyMs);
    started.push(stub);
    log(`model stub     ${stub.url}  (${options.stubLatencyMs} ms per call)`);
    const libsql: ReadyChild = await startChildScript(
      LIBSQL_SCRIPT,
      { DATA_DIR: dataDir, LIBSQL_PORT: String(await freePort()) },
      /listening on (\S+)/,
    );
    started.push(libsql);
    log(`libSQL server  ${libsql.ready}`);
    // wrangler appends every Worker log line to a debug file, formatted, even those --log-level drops:
    // a few ms of CPU per judgment on the machine being measured. Nobody reads that file here.
    process.env.WRANGLER_WRITE_LOGS ??= "false";
    const apiPort = await freePort();
    const api = await startStack({
      port: apiPort,
      ...(options.host ? { host: options.host } : {}),
      ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
      libsqlPort: 0,
      dataDir,
      vars: {
        LIBSQL_URL: libsql.ready,
        JUDGE_PROVIDER: "openai",
        JUDGE_BASE_URL: `${stub.url}/v1`,
        JUDGE_MODEL: "fake",
        JUDGE_BATCH: "axiom",
        // The gate caps calls in flight per endpoint (default 8): the local stub takes any number, and
        // at 150 judgments/s × 5 calls × 100 ms about 75 are in flight.
        JUDGE_CONCURRENCY: "256",
        // One client from one address: the per-client budgets would refuse most of the load.
        RATE_LIMITS: "off",
        // wrangler dev pipes every Worker log line through its own Node process (about 1 ms of CPU per
        // line on this machine): a cost of the dev tool, not of the API. `--logs` keeps them.
        REQUEST_LOGS: options.logs ? "on" : "off",
        // The gate grants are read from /v1/health before and after each scenario: fresh figures.
        HEALTH_CACHE_MS: "0",
        ...options.vars,
      },
      logLevel: "warn",
      stdio: options.verbose ? "inherit" : "ignore",
    });
    started.push(api);
    if (options.inspectorPort) log(`inspector      ws://127.0.0.1:${options.inspectorPort}  (the Worker's V8 inspector)`);
    log(`API            ${api.apiUrl}  (${options.host === "workerd" ? "deploy bundle on a bare workerd" : "wrangler dev"}; data in ${dataDir})`);
    return { apiUrl: api.apiUrl, apiPort, stub, libsqlPid: libsql.child.pid!, failed: api.failed, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
