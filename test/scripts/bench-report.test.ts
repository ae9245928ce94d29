import { describe, expect, it } from "vitest";
import { ROLES, type CoresByRole } from "../../scripts/bench/process-cpu.ts";
import { cpuTable, markdownTable, resultsTable } from "../../scripts/bench/report-table.ts";
import type { ScenarioResult } from "../../scripts/bench/scenarios/context.ts";
import { checkTargets } from "../../scripts/bench/targets.ts";

const cores = (values: Partial<CoresByRole> = {}): CoresByRole =>
  Object.fromEntries(ROLES.map((role) => [role, values[role] ?? 0])) as CoresByRole;

function result(overrides: Partial<ScenarioResult> & Pick<ScenarioResult, "name">): ScenarioResult {
  return {
    load: "open loop",
    requests: 1_000,
    errors: 0,
    achieved_rps: 100,
    p50_ms: 10,
    p95_ms: 20,
    p99_ms: 30,
    max_ms: 40,
    model_calls: 0,
    status_counts: { "200": 1_000 },
    cpu_cores: cores(),
    worker_cpu_ms_per_request: 0,
    load_s: 10,
    max_send_lag_ms: 1,
    worker_open_files: 100,
    worker_open_files_limit: 20_000,
    worker_restarted: false,
    ...overrides,
  };
}

const inputs = { rate: 150, stubLatencyMs: 100, callsPerJudgment: 5 };

describe("the report tables", () => {
  it("renders a Markdown table with right-aligned numeric columns and escaped pipes", () => {
    expect(markdownTable(["a", "n"], [["x|y", "1"]], ["n"])).toBe("| a | n |\n|---|--:|\n| x\\|y | 1 |");
  });

  it("gives every scenario a row with the issue's figures and its extras", () => {
    const table = resultsTable([
      result({ name: "new-cells", p50_ms: 112.5, overhead_p50_ms: 12.5, model_calls: 5_000, model_calls_per_new_cell: 5 }),
      result({ name: "stampede", judgments: 1, status_counts: { "200": 990, "503": 8, "0": 2 }, errors: 10 }),
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toBe("| scenario | requests | errors | achieved_rps | p50_ms | p95_ms | p99_ms | max_ms | model calls | also |");
    expect(lines[2]).toBe("| new-cells | 1000 | 0 | 100 | 112.5 | 20 | 30 | 40 | 5000 | overhead_p50_ms 12.5, calls/new cell 5 |");
    expect(lines[3]).toContain("judgments 1, non-2xx no reply×2 503×8");
  });

  it("counts the gate's requests per judgment that ran (model calls / calls per new cell)", () => {
    // 1,000 judgments ran (5,000 calls at 5 each) and the gates granted 1,000 times: 2,000 requests.
    const row = resultsTable([result({ name: "new-cells", model_calls: 5_000, model_calls_per_new_cell: 5, gate_requests: 2_000 })]).split("\n")[2];
    expect(row).toContain("gate requests/judgment 2");
    const unknown = resultsTable([result({ name: "new-cells", model_calls: 5_000, model_calls_per_new_cell: 5, gate_requests: null })]).split("\n")[2];
    expect(unknown).not.toContain("gate requests");
  });

  it("shows cores per process, the bench's CPU per request and the Worker's", () => {
    const table = cpuTable([result({ name: "ceiling", requests: 5_000, load_s: 10, cpu_cores: cores({ proxy: 0.5, worker: 1, foreign: 0.3 }), worker_cpu_ms_per_request: 2.04 })]);
    // ours = 1.5 cores × 10 s = 15 CPU s over 5,000 requests = 3 ms each; foreign is not ours.
    expect(table.split("\n")[2]).toBe("| ceiling | 0.50 | 1.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.30 | 1.50 | 3.0 | 2.04 |");
  });
});

describe("the targets", () => {
  it("checks new-cells against rate, p95, errors, exactly-once, Worker CPU and overhead", () => {
    const good = result({ name: "new-cells", achieved_rps: 149.2, p95_ms: 300, p50_ms: 110, overhead_p50_ms: 10, model_calls_per_new_cell: 5, cells_miscounted: 0, worker_cpu_ms_per_request: 5 });
    expect(checkTargets([good], inputs).map((check) => check.met)).toEqual([true, true, true, true, true, true]);
    const bad = result({ name: "new-cells", achieved_rps: 120, p95_ms: 600, errors: 2, overhead_p50_ms: 40, model_calls_per_new_cell: 5, cells_miscounted: 1, worker_cpu_ms_per_request: 5.01 });
    expect(checkTargets([bad], inputs).map((check) => check.met)).toEqual([false, false, false, false, false, false]);
  });

  it("holds cached reads to 0.6 x the ceiling of the same run, and leaves that check out without a ceiling", () => {
    const reads = result({ name: "cached-reads", achieved_rps: 290, p99_ms: 80, worker_cpu_ms_per_request: 1.2 });
    const withCeiling = checkTargets([result({ name: "ceiling", achieved_rps: 500 }), reads], inputs);
    expect(withCeiling.map((check) => [check.target, check.met])).toEqual([
      [">= 0.6 x ceiling (same run)", false],
      ["p99 < 100 ms", true],
      ["Worker CPU <= 1 ms per read", false],
    ]);
    expect(checkTargets([reads], inputs)).toHaveLength(2);
  });

  it("wants one judgment and one set of model calls from a stampede", () => {
    // Model calls are judged for the stampede's own cell: others still finishing do not count against it.
    const once = result({ name: "stampede", judgments: 1, model_calls: 40, model_calls_per_new_cell: 5, cells_miscounted: 0, p99_ms: 1_500, worker_cpu_ms_per_request: 0.7 });
    expect(checkTargets([once], inputs).every((check) => check.met)).toBe(true);
    const twice = result({ name: "stampede", judgments: 2, model_calls: 10, model_calls_per_new_cell: 10, cells_miscounted: 1, p99_ms: 2_500, worker_cpu_ms_per_request: 0.8 });
    expect(checkTargets([twice], inputs).some((check) => check.met)).toBe(false);
  });
});
