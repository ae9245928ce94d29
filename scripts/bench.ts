/**
 * `npm run bench`: throughput, latency and exactly-once of the judgment API under load (docs/benchmarks.md).
 * Starts its own stack on free ports (libSQL server, model stub, wrangler dev at warn level or, with
 * `--host workerd`, the deploy bundle on a bare workerd; fresh data directory), plays the scenarios,
 * prints Markdown tables, writes the JSON results and an SVG chart, and stops everything it started. `npm run bench -- --help` lists the flags.
 */
import { defaultDataRoot, startBenchStack, type BenchStack } from "./bench/bench-stack.ts";
import { newRunId } from "./bench/markers.ts";
import { createBenchClient } from "./bench/http-client.ts";
import { parseBenchOptions, USAGE, type BenchOptions, type ScenarioName } from "./bench/options.ts";
import { fullReport } from "./bench/report-table.ts";
import { machineInfo, RESULTS_VERSION, writeResults, type ResultsDocument } from "./bench/results-file.ts";
import type { BenchContext, ScenarioResult } from "./bench/scenarios/context.ts";
import { batch } from "./bench/scenarios/batch.ts";
import { CALLS_PER_JUDGMENT, mixed, newCells, stampede } from "./bench/scenarios/new-cells.ts";
import { overload } from "./bench/scenarios/overload.ts";
import { cachedReads, ceiling, repeatPosts } from "./bench/scenarios/reads.ts";
import { warmUp } from "./bench/scenarios/setup.ts";
import { checkTargets } from "./bench/targets.ts";
import { workerSocketUrl } from "./bench/worker-process.ts";

const log = (line: string) => console.error(`[bench] ${line}`);

/** Every scenario by name (the list; options.ts holds their order). */
const SCENARIOS: Record<ScenarioName, (ctx: BenchContext) => Promise<ScenarioResult>> = {
  ceiling: (ctx) => ceiling(ctx),
  "cached-reads": cachedReads,
  "repeat-posts": repeatPosts,
  "new-cells": newCells,
  stampede,
  mixed,
  batch,
  overload,
};

/** Fails as soon as the host dies, instead of letting a scenario time out request by request. */
function unlessStackFails<T>(stack: BenchStack, work: Promise<T>): Promise<T> {
  return Promise.race([work, stack.failed.then((error) => Promise.reject(error))]);
}

async function runScenarios(options: BenchOptions, stack: BenchStack, target: string): Promise<ScenarioResult[]> {
  const client = createBenchClient(target, { maxSockets: Math.max(1_024, options.stampede + 64) });
  const ctx: BenchContext = {
    apiUrl: target,
    apiPort: stack.apiPort,
    client,
    stub: stack.stub,
    options,
    runId: newRunId(),
    seeded: [],
    ceilingRps: null,
    log,
  };
  const results: ScenarioResult[] = [];
  try {
    await unlessStackFails(stack, warmUp(ctx));
    for (const name of options.only) {
      log(`${name} ...`);
      const result = await unlessStackFails(stack, SCENARIOS[name](ctx));
      log(`${name}: ${result.achieved_rps}/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, errors ${result.errors}, model calls ${result.model_calls}`);
      results.push(result);
    }
  } finally {
    client.close();
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  const options = parseBenchOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const machine = machineInfo();
  const dataRoot = options.dataRoot ?? defaultDataRoot();
  const stack = await startBenchStack({ stubLatencyMs: options.stubLatencyMs, host: options.host, inspectorPort: options.inspectorPort, dataRoot, verbose: options.verbose, logs: options.logs, vars: options.vars, log });
  const interrupted = () => {
    log("interrupted: stopping the stack");
    void stack.stop().then(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  let results: ScenarioResult[];
  let target = stack.apiUrl;
  try {
    // The workerd host has no proxy: its API port is the Worker's own socket already.
    const direct = options.direct && options.host === "wrangler";
    if (direct) target = await workerSocketUrl(stack.apiPort, options.ceilingPath);
    log(`load goes to ${target}${direct ? " (the Worker's own socket, past the dev proxy)" : options.host === "workerd" ? " (workerd's socket: no proxy)" : ""}`);
    results = await runScenarios(options, stack, target);
  } finally {
    await stack.stop();
    process.off("SIGINT", interrupted);
  }
  const targets = checkTargets(results, { rate: options.rate, stubLatencyMs: options.stubLatencyMs, callsPerJudgment: CALLS_PER_JUDGMENT });
  const document: ResultsDocument = {
    version: RESULTS_VERSION,
    started_at: startedAt.toISOString(),
    command: ["npm run bench", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" "),
    machine,
    stub_latency_ms: options.stubLatencyMs,
    duration_s: options.durationS,
    rate: options.rate,
    data_root: dataRoot,
    host: options.host,
    target: options.host === "workerd" ? "workerd socket (deploy bundle, no proxy)" : options.direct ? "worker socket (--direct)" : "wrangler dev proxy (API port)",
    request_logs: options.logs,
    worker_vars: options.vars,
    scenarios: results,
    targets,
  };
  const chartPath = await writeResults(options.out, document);
  console.log(fullReport(results, targets));
  log(`results ${options.out}, chart ${chartPath}, ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s in all`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
