import type { CallCounts } from "../model-stub.ts";
import type { LoadResult } from "../open-loop.ts";
import type { ScenarioName } from "../options.ts";
import { coresUsed, cpuSnapshot } from "../process-cpu.ts";
import { round1, statusCounts, summarize } from "../stats.ts";
import { workerFiles } from "../worker-process.ts";
import type { BenchContext, ScenarioResult } from "./context.ts";

/** Longest wait for a backlog of judgments to finish before going on (an overloaded run leaves one). */
const SETTLE_MAX_MS = 90_000;

/** Waits until the model stub has had no call for a second: every judgment started has ended. */
async function settled(ctx: BenchContext): Promise<CallCounts> {
  const started = Date.now();
  const counts = await ctx.stub.settle(1_000, SETTLE_MAX_MS);
  const waitedS = Math.round((Date.now() - started) / 1000);
  if (waitedS >= SETTLE_MAX_MS / 1000) ctx.log(`judgments still running after ${waitedS} s: the next figures include their load`);
  else if (waitedS > 5) ctx.log(`waited ${waitedS} s for the backlog of judgments to finish`);
  return counts;
}

/**
 * Grants the gate objects have handed out so far, summed over every endpoint and shard of /v1/health;
 * null if /v1/health does not answer. Each grant is two requests to a gate (acquire, release).
 */
async function gateGrants(ctx: BenchContext): Promise<number | null> {
  try {
    const reply = await fetch(`${ctx.apiUrl}/v1/health`);
    const health = (await reply.json()) as { endpoints?: { shards?: { granted: number }[] }[] };
    return (health.endpoints ?? []).flatMap((endpoint) => endpoint.shards ?? []).reduce((total, shard) => total + shard.granted, 0);
  } catch {
    return null;
  }
}

export interface Measured {
  result: ScenarioResult;
  /** The stub's counts once the scenario's judgments finished (per-marker counts are cumulative). */
  calls: CallCounts;
}

/**
 * Runs one scenario's load and measures it the same way for every scenario: latency summary, model
 * calls (counted at the stub after in-flight judgments finish), and the CPU each process used while
 * the load ran.
 *
 * @example
 * const { result } = await measure(ctx, "cached-reads", "open loop 300/s for 30 s", () => runOpenLoop({ … }));
 */
export async function measure(ctx: BenchContext, name: ScenarioName, load: string, run: () => Promise<LoadResult>): Promise<Measured> {
  const before = await settled(ctx);
  const grantsBefore = await gateGrants(ctx);
  const cpuBefore = cpuSnapshot(ctx.apiPort);
  const workerBefore = workerFiles(ctx.apiPort);
  const wallStart = performance.now();
  const outcome = await run();
  const wallS = (performance.now() - wallStart) / 1000;
  const cpu = coresUsed(cpuBefore, cpuSnapshot(ctx.apiPort), wallS);
  const workerAfter = workerFiles(ctx.apiPort);
  const calls = await settled(ctx);
  const grantsAfter = await gateGrants(ctx);
  const result: ScenarioResult = {
    name,
    load,
    ...summarize(outcome.samples),
    model_calls: calls.total - before.total,
    gate_requests: grantsBefore === null || grantsAfter === null ? null : 2 * (grantsAfter - grantsBefore),
    status_counts: statusCounts(outcome.samples),
    cpu_cores: cpu,
    load_s: round1(wallS),
    max_send_lag_ms: round1(outcome.maxSendLagMs),
    worker_open_files: workerAfter.open,
    worker_open_files_limit: workerAfter.limit,
    worker_restarted: workerBefore.pids.join() !== workerAfter.pids.join(),
  };
  if (result.worker_restarted) ctx.log(`${name}: the Worker's workerd restarted during the load (pids ${workerBefore.pids} -> ${workerAfter.pids})`);
  return { result, calls };
}
