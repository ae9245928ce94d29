import { ROLES } from "./process-cpu.ts";
import type { ScenarioResult } from "./scenarios/context.ts";
import type { TargetCheck } from "./targets.ts";

/** The bench's printed report: Markdown tables, pure, so docs/benchmarks.md can take them as they are. */

/**
 * A Markdown table; numeric columns (named in `right`) are right-aligned.
 *
 * @example
 * markdownTable(["a", "n"], [["x", "1"]], ["n"]); // "| a | n |\n|---|--:|\n| x | 1 |"
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly string[] = []): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(" | ")} |`;
  const rule = `|${header.map((name) => (right.includes(name) ? "--:" : "---")).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The scenario-specific figures, as `name value` pairs. */
function extras(result: ScenarioResult): string {
  const parts: string[] = [];
  if (result.overhead_p50_ms !== undefined) parts.push(`overhead_p50_ms ${result.overhead_p50_ms}`);
  if (result.model_calls_per_new_cell !== undefined) parts.push(`calls/new cell ${result.model_calls_per_new_cell}`);
  if (result.judgments !== undefined) parts.push(`judgments ${result.judgments}`);
  if (result.gate_requests && result.model_calls > 0 && result.model_calls_per_new_cell) {
    // Judgments that ran = model calls / calls per judgment: the gate's round trips per judgment.
    parts.push(`gate requests/judgment ${Math.round((100 * result.gate_requests * result.model_calls_per_new_cell) / result.model_calls) / 100}`);
  }
  if (result.cells_miscounted) parts.push(`cells miscounted ${result.cells_miscounted}`);
  if (result.items_per_s !== undefined) {
    parts.push(`items ${result.items_completed}, ${result.items_per_s} items/s, last result ${result.time_to_last_result_s} s, submit ${result.batch_submit_ms} ms`);
  }
  if (result.goodput_share !== undefined) {
    parts.push(
      `sustainable ${result.sustainable_rps}/s, offered ${result.offered_rps}/s, goodput ${result.goodput_rps}/s (${result.goodput_share} x), ` +
        `rejections ${result.rejections} p50 ${result.rejection_p50_ms} ms p99 ${result.rejection_p99_ms} ms, timeouts ${result.timeouts}`,
    );
  }
  const failures = Object.entries(result.status_counts).filter(([status]) => !status.startsWith("2"));
  if (failures.length > 0) parts.push(`non-2xx ${failures.map(([status, n]) => `${status === "0" ? "no reply" : status}×${n}`).join(" ")}`);
  return parts.join(", ");
}

const RESULT_COLUMNS = ["scenario", "requests", "errors", "achieved_rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "model calls", "also"];

/**
 * One row per scenario with the issue's figures.
 *
 * @example
 * resultsTable([ceilingResult]); // "| scenario | requests | errors | achieved_rps | …"
 */
export function resultsTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.name,
    String(r.requests),
    String(r.errors),
    String(r.achieved_rps),
    String(r.p50_ms),
    String(r.p95_ms),
    String(r.p99_ms),
    String(r.max_ms),
    String(r.model_calls),
    extras(r),
  ]);
  return markdownTable(RESULT_COLUMNS, rows, RESULT_COLUMNS.slice(1, -1));
}

/** How each scenario's load was applied, and the state the Worker's process was left in. */
export function loadTable(results: readonly ScenarioResult[]): string {
  const header = ["scenario", "load", "generator lag max (ms)", "Worker open files / limit", "Worker restarted"];
  return markdownTable(
    header,
    results.map((r) => [
      r.name,
      r.load,
      String(r.max_send_lag_ms),
      `${r.worker_open_files} / ${r.worker_open_files_limit ?? "?"}`,
      r.worker_restarted ? "yes" : "no",
    ]),
    header.slice(2, 4),
  );
}

/** Each target with its measured value and ✅ or ❌. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ["scenario", "target", "measured", "met"],
    checks.map((check) => [check.scenario, check.target, check.measured, check.met ? "✅" : "❌"]),
  );
}

/**
 * Cores each process used while a scenario's load ran (CPU seconds / wall seconds; 2.00 = the whole
 * two-core machine), the bench's processes in all, and their CPU per request. `foreign` is everyone
 * else on the machine: when it is high, latencies say more about the neighbours than about the API.
 */
export function cpuTable(results: readonly ScenarioResult[]): string {
  const header = ["scenario", ...ROLES, "ours", "CPU ms/request (ours)", "Worker CPU ms/request"];
  const rows = results.map((r) => {
    const ours = ROLES.reduce((sum, role) => sum + (role === "foreign" ? 0 : r.cpu_cores[role]), 0);
    const perRequest = r.requests > 0 ? (ours * r.load_s * 1000) / r.requests : 0;
    return [r.name, ...ROLES.map((role) => r.cpu_cores[role].toFixed(2)), ours.toFixed(2), perRequest.toFixed(1), r.worker_cpu_ms_per_request.toFixed(2)];
  });
  return markdownTable(header, rows, header.slice(1));
}

/**
 * The whole printed report: results, targets, load and CPU, as Markdown.
 *
 * @example
 * console.log(fullReport(results, checks));
 */
export function fullReport(results: readonly ScenarioResult[], checks: readonly TargetCheck[]): string {
  const sections = [
    "### Results",
    resultsTable(results),
    "### Targets",
    checks.length > 0 ? targetsTable(checks) : "(no scenario with a target ran)",
    "### Load applied",
    loadTable(results),
    "### CPU by process (cores while the load ran)",
    cpuTable(results),
  ];
  return `${sections.join("\n\n")}\n`;
}
