import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname } from "node:path";
import type { ScenarioResult } from "./scenarios/context.ts";
import { latencyChartSvg } from "./svg-chart.ts";
import type { TargetCheck } from "./targets.ts";

/** Bumped when a field of the results file changes meaning, so old files are not compared blindly. */
export const RESULTS_VERSION = 1;

export interface MachineInfo {
  cpus: number;
  cpu_model: string;
  memory_gb: number;
  /** One-minute load average before the run: other work on the machine skews every figure. */
  load_before: number;
  node: string;
  /** Short commit hash, `-dirty` when the working tree has changes. */
  commit: string;
}

export interface ResultsDocument {
  version: number;
  started_at: string;
  command: string;
  machine: MachineInfo;
  stub_latency_ms: number;
  duration_s: number;
  rate: number;
  /** Where the stack kept its data (RAM or disk changes the Worker's figures). */
  data_root: string;
  /** What ran the Worker: `wrangler` (wrangler dev) or `workerd` (the deploy bundle on a bare workerd). */
  host: string;
  /** What the load was sent to: the API port (through wrangler dev's proxy) or, with --direct, the Worker. */
  target: string;
  /** Whether the Worker logged a line per request and per judgment (`--logs`). */
  request_logs: boolean;
  /** Worker variables set over the bench's own (`--var`). */
  worker_vars: Record<string, string>;
  scenarios: ScenarioResult[];
  targets: TargetCheck[];
}

function gitCommit(): string {
  try {
    const hash = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { encoding: "utf8" }).trim() !== "";
    return dirty ? `${hash}-dirty` : hash;
  } catch {
    return "unknown";
  }
}

/**
 * What the results file says about the machine the figures came from.
 *
 * @example
 * machineInfo(); // { cpus: 2, cpu_model: "…", node: "v22.23.3", commit: "b295cc3-dirty", … }
 */
export function machineInfo(): MachineInfo {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model.trim() ?? "unknown",
    memory_gb: Math.round(totalmem() / 2 ** 30),
    load_before: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    node: process.version,
    commit: gitCommit(),
  };
}

/** The chart's path: the results file's with `.svg` for its extension. */
export const chartPathFor = (resultsPath: string): string => resultsPath.replace(/(\.json)?$/, ".svg");

/**
 * Writes the results as JSON at `path` and the latency chart next to it; resolves to the chart's path.
 *
 * @example
 * await writeResults("bench-results/latest.json", document); // "bench-results/latest.svg"
 */
export async function writeResults(path: string, document: ResultsDocument): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  const chartPath = chartPathFor(path);
  const { machine } = document;
  const subtitle = `${machine.cpus} cores, Node ${machine.node}, commit ${machine.commit}, stub ${document.stub_latency_ms} ms, ${document.started_at.slice(0, 10)}`;
  await writeFile(chartPath, latencyChartSvg(document.scenarios, "Latency per scenario, ms (log scale)", subtitle));
  return chartPath;
}
