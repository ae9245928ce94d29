import type { BenchClient, BenchRequest } from "../http-client.ts";
import type { ModelStub } from "../model-stub.ts";
import type { BenchOptions, ScenarioName } from "../options.ts";
import type { CoresByRole } from "../process-cpu.ts";
import type { LatencySummary } from "../stats.ts";

/** A cell created before the read scenarios, to be read and re-posted. */
export interface SeededCell {
  cellId: string;
  content: string;
}

/** What every scenario gets: the running stack, the client, and what earlier scenarios found. */
export interface BenchContext {
  apiUrl: string;
  apiPort: number;
  client: BenchClient;
  stub: ModelStub;
  options: BenchOptions;
  /** Makes this run's contents unique, so no cell of an earlier run is reused by accident. */
  runId: string;
  /** Cells that exist; filled on first need by seed.ts. */
  seeded: SeededCell[];
  /** Successful requests/s of the ceiling, once measured in this run. */
  ceilingRps: number | null;
  log: (line: string) => void;
}

/** One row of the report. Field names are the JSON's (and the issue's). */
export interface ScenarioResult extends LatencySummary {
  name: ScenarioName;
  /** How load was applied, e.g. "open loop 150/s for 30 s". */
  load: string;
  /** Calls the model stub received while the scenario ran (and finished). */
  model_calls: number;
  /**
   * Requests to the gate objects while the scenario ran (acquire + release per grant, from /health's
   * shard counters); null when /health did not answer. Divided by judgments in the report.
   */
  gate_requests?: number | null;
  /** new-cells: p50 minus the stub's latency, the API's own share of a new judgment. */
  overhead_p50_ms?: number;
  /** new-cells, mixed: model calls over new cells asked for. */
  model_calls_per_new_cell?: number;
  /** new-cells, mixed, stampede: cells whose model calls were not exactly one per axiom. */
  cells_miscounted?: number;
  /** stampede: distinct judgment ids in the replies. */
  judgments?: number;
  /** batch: latency of the submission (202), items completed, items/s and time to the last result. */
  batch_submit_ms?: number;
  items_completed?: number;
  items_per_s?: number;
  time_to_last_result_s?: number;
  /** overload: new cells/s sustained (closed loop, same run), the rate offered, and what came of it. */
  sustainable_rps?: number;
  offered_rps?: number;
  goodput_rps?: number;
  /** Goodput over the sustainable rate (goal >= 0.9). */
  goodput_share?: number;
  rejections?: number;
  rejection_p50_ms?: number;
  rejection_p99_ms?: number;
  /** Requests that got no reply within the client's timeout. */
  timeouts?: number;
  status_counts: Record<string, number>;
  /** Cores used by each process role while the load ran (process-cpu.ts). */
  cpu_cores: CoresByRole;
  /**
   * CPU of the Worker's workerd (the Worker and every Durable Object, one thread) per request, ms: per
   * judgment in new-cells, per read in cached-reads, per coalesced request in stampede.
   */
  worker_cpu_ms_per_request: number;
  /** Wall seconds the load ran (from the first request to the last reply). */
  load_s: number;
  /** How late the generator sent its latest request, ms: proof the client was not the bottleneck. */
  max_send_lag_ms: number;
  /** Files the Worker's workerd held open when the load ended, and its limit (worker-process.ts). */
  worker_open_files: number;
  worker_open_files_limit: number | null;
  /** The Worker's workerd was replaced while the load ran (it crashed): the figures show the crash. */
  worker_restarted: boolean;
}

/** A POST /v1/judgments of `content`. */
export function judgmentPost(content: string, readBody = false): BenchRequest {
  return { method: "POST", path: "/v1/judgments", body: JSON.stringify({ content }), readBody };
}
