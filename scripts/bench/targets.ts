import type { ScenarioResult } from "./scenarios/context.ts";

/**
 * The goals of docs/benchmarks.md, checked against a run's results (pure). A target whose scenario did not run
 * is left out rather than reported as met.
 */

export interface TargetCheck {
  scenario: string;
  target: string;
  measured: string;
  met: boolean;
}

/** "Sustained" allows this shortfall from the offered rate: the first and last replies' latencies differ. */
export const SUSTAINED_SHARE = 0.98;

export interface TargetInputs {
  /** Offered rate of new-cells, requests/s. */
  rate: number;
  stubLatencyMs: number;
  /** Model calls one new judgment must cost. */
  callsPerJudgment: number;
}

type Check = (result: ScenarioResult, all: Map<string, ScenarioResult>) => Omit<TargetCheck, "scenario"> | null;

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);

/** The Worker's CPU per request (what Cloudflare bills, and what a cell's thread cannot spend on others). */
const workerCpuAtMost = (r: ScenarioResult, ms: number, per: string) => ({
  target: `Worker CPU <= ${ms} ms per ${per}`,
  measured: `${r.worker_cpu_ms_per_request} ms`,
  met: r.worker_cpu_ms_per_request <= ms,
});

function checksFor(inputs: TargetInputs): Record<string, Check[]> {
  return {
    "new-cells": [
      (r) => ({
        target: `>= 150 judgments/s sustained (offered ${inputs.rate}/s)`,
        measured: `${r.achieved_rps}/s`,
        met: inputs.rate >= 150 && r.achieved_rps >= SUSTAINED_SHARE * inputs.rate,
      }),
      (r) => ({ target: "p95 < 500 ms", measured: `${r.p95_ms} ms`, met: r.p95_ms < 500 }),
      (r) => ({ target: "errors < 0.1 %", measured: `${pct(r.errors, r.requests).toFixed(2)} %`, met: pct(r.errors, r.requests) < 0.1 }),
      (r) => ({
        target: `exactly ${inputs.callsPerJudgment} model calls per cell`,
        measured: `${r.model_calls_per_new_cell} per cell, ${r.cells_miscounted} cells off`,
        met: r.model_calls_per_new_cell === inputs.callsPerJudgment && r.cells_miscounted === 0,
      }),
      (r) => workerCpuAtMost(r, 5, "judgment"),
      (r) => ({
        target: `overhead p50 <= 15 ms (p50 - ${inputs.stubLatencyMs} ms stub)`,
        measured: `${r.overhead_p50_ms} ms`,
        met: (r.overhead_p50_ms ?? Infinity) <= 15,
      }),
    ],
    "cached-reads": [
      (r, all) => {
        const ceiling = all.get("ceiling");
        if (!ceiling) return null;
        const share = ceiling.achieved_rps > 0 ? r.achieved_rps / ceiling.achieved_rps : 0;
        return { target: ">= 0.6 x ceiling (same run)", measured: `${share.toFixed(2)} x (${r.achieved_rps} / ${ceiling.achieved_rps})`, met: share >= 0.6 };
      },
      (r) => ({ target: "p99 < 100 ms", measured: `${r.p99_ms} ms`, met: r.p99_ms < 100 }),
      (r) => workerCpuAtMost(r, 1, "read"),
    ],
    batch: [
      (r) => ({
        target: `every item judged once (${inputs.callsPerJudgment} model calls per cell)`,
        measured: `${r.items_completed} items, ${r.model_calls_per_new_cell} calls per cell, ${r.cells_miscounted} cells off`,
        met: r.model_calls_per_new_cell === inputs.callsPerJudgment && r.cells_miscounted === 0,
      }),
    ],
    overload: [
      (r) => ({ target: "goodput >= 0.9 x sustainable", measured: `${r.goodput_share} x`, met: (r.goodput_share ?? 0) >= 0.9 }),
      (r) => ({ target: "rejections p99 < 100 ms", measured: `${r.rejection_p99_ms} ms`, met: (r.rejection_p99_ms ?? Infinity) < 100 }),
      (r) => ({ target: "no timeouts", measured: `${r.timeouts}`, met: r.timeouts === 0 }),
    ],
    stampede: [
      (r) => ({
        target: `1 judgment, ${inputs.callsPerJudgment} model calls`,
        measured: `${r.judgments} judgment(s), ${r.model_calls_per_new_cell} model calls for the cell`,
        met: r.judgments === 1 && r.model_calls_per_new_cell === inputs.callsPerJudgment && r.cells_miscounted === 0,
      }),
      (r) => ({ target: "p99 < 2 s", measured: `${r.p99_ms} ms`, met: r.p99_ms < 2_000 }),
      (r) => workerCpuAtMost(r, 0.7, "coalesced request"),
    ],
  };
}

/**
 * Every target whose scenario is in `results`, with what was measured.
 *
 * @example
 * checkTargets(results, { rate: 150, stubLatencyMs: 100, callsPerJudgment: 5 });
 * // [{ scenario: "new-cells", target: "p95 < 500 ms", measured: "212 ms", met: true }, …]
 */
export function checkTargets(results: readonly ScenarioResult[], inputs: TargetInputs): TargetCheck[] {
  const all = new Map(results.map((result) => [result.name, result]));
  const checks = checksFor(inputs);
  return results.flatMap((result) =>
    (checks[result.name] ?? []).flatMap((check) => {
      const outcome = check(result, all);
      return outcome ? [{ scenario: result.name, ...outcome }] : [];
    }),
  );
}
