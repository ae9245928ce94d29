import type { CostedUsage } from "../judge/cost.ts";
import type { ErrorCode } from "../errors.ts";

/** The one JSON line logged per request (docs/runbook.md "Reading the logs"). */
export interface RequestLogLine {
  event: "request";
  at: string;
  request_id: string;
  method: string;
  path: string;
  /** The route's pattern (`/v1/judgments/:cell_id`), or null when no route matched. */
  route: string | null;
  cell_id: string | null;
  status: number;
  code: ErrorCode | null;
  duration_ms: number;
  /** `Server-Timing` entries other than `total`, in ms. */
  timings: Record<string, number>;
  instance_id: string;
  /** `key:` and the first 12 hex digits of the caller's key digest, or `anonymous` when the API is open. */
  client: string;
  /** The tenant of the caller's key (`public` when the API is open); null when no key was checked (a 401, `/health`). */
  tenant: string | null;
  ray: string | null;
}

/**
 * The catalogue of log events: every JSON line the Worker and its objects write, with its fields and its
 * level. docs/runbook.md "Reading the logs" lists the same events for operators. Lines go to the console,
 * which Workers Logs ingests as structured JSON.
 */
export interface LogEvents {
  /** One per request (src/middleware/request-log.ts). */
  request: Omit<RequestLogLine, "event">;
  /** One per finished judgment run, when `REQUEST_LOGS` is on. */
  judgment: {
    cell_id: string;
    judgment_id: string;
    status: string;
    error_code: string | null;
    attempts: number;
    profile: string;
    provider: string;
    model: string;
    scoring_ms: number;
  } & CostedUsage;
  /** A 500: something threw that no rule expected. */
  unhandled_error: { request_id: string; error: string };
  /** A 503: the platform failed a call (an object overloaded, a transient fault, storage exhausted). */
  platform_fault: { request_id: string; code: string; error: string };
  /** A libSQL call failed on a request's path (answered 503 `storage_unavailable`). */
  storage_error: { what: string; error: string };
  rate_limiter_error: { error: string };
  auth_disabled: { message: string };
  /** The configuration is invalid: once per isolate; every request is answered 503 `misconfigured`. */
  misconfigured: { instance_id: string; issues: string[] };
  /** One per cron tick that ran reconciliation. */
  reconcile: { scheduledTime: number; acted: boolean; checked: number; redriven: number; repaired: number; errors: number };
  reconcile_error: { stage: "lease" | "run"; error: string };
  reconcile_cell_error: { cell_id: string; error: string };
  /** The endpoint's gate could not be asked: the run failed `overloaded` (never runs ungated). */
  gate_unreachable: { error: string };
  gate_release_failed: { error: string };
  /** Permits a dead instance of the cell held, given back when a new instance resumed its work. */
  gate_permits_reclaimed: { cell_id: string; permits: number };
  /** The gate could not be told of a resume; the dead instance's permits come back with their lease. */
  gate_reclaim_failed: { error: string };
  /** A push to Turso failed; the cell's alarm retries it with backoff. */
  "cell.sync_failed": { cell_id: string; attempts: number; error: string };
  "cell.ledger_unreachable": { cell_id: string; error: string };
  "cell.alarm_error": { error: string };
  "cell.run_error": { cell_id: string; error: string };
  /** A call into a cell or comparison failed in the platform (its instance reset mid-call): asked once more. */
  "cell.call_retried": { object: string; error: string };
  /** A judgment left unfinished by an instance that is gone was taken over by a new one. */
  "cell.resumed": { cell_id: string; judgment_id: string };
  /** A live run stored nothing for longer than a model call may take: the cell reset itself. */
  "cell.runner_stuck": { cell_id: string; judgment_id: string };
  /** One juror of a panel threw; that juror is `failed` with `internal`, the panel goes on. */
  "cell.juror_error": { cell_id: string; juror: string; error: string };
  "comparison.alarm_error": { error: string };
  "comparison.run_error": { cell_id: string; error: string };
  /** A comparison left unfinished by an instance that is gone was taken over by a new one. */
  "comparison.resumed": { cell_id: string; run_id: string };
  /** A live comparison run stored nothing for longer than a model call may take: the object reset itself. */
  "comparison.runner_stuck": { cell_id: string; run_id: string };
  /** One juror of a panel comparison threw; that juror is `failed` with `internal`, the panel goes on. */
  "comparison.juror_error": { cell_id: string; juror: string; error: string };
  /** A push of a comparison's row to Turso failed; its alarm retries it with backoff. */
  "comparison.sync_failed": { cell_id: string; attempts: number; error: string };
  "evaluation.alarm_error": { error: string };
  /** One item of an evaluation could not be judged; the run goes on. */
  /** A batch's alarm failed; it re-armed itself. */
  "batch.alarm_error": { error: string };
  /** One item's cell could not be reached; the item is asked again (up to 3 times, then `failed`). */
  "batch.item_error": { idx: number; attempt: number; error: string };
  /** A push of a batch's row to Turso failed; its alarm retries it. */
  "batch.sync_error": { batch_id: string; error: string };
  /** The key's quota object did not answer: the judgment went through uncharged. */
  quota_unreachable: { error: string };
  /** A reservation could not be settled: its worst case stays counted. */
  quota_settle_failed: { key: string; error: string };
  /** The owner of a reservation open past its check did not answer; it is asked again later. */
  quota_hold_unanswered: { owner: string; error: string };
}

export type LogEvent = keyof LogEvents;

/** Each event's console level: `error` for what needs a person, `warn` for what repairs itself. */
export const LOG_LEVELS = {
  request: "info",
  judgment: "log",
  unhandled_error: "error",
  platform_fault: "warn",
  storage_error: "warn",
  rate_limiter_error: "warn",
  auth_disabled: "warn",
  misconfigured: "error",
  reconcile: "log",
  reconcile_error: "error",
  reconcile_cell_error: "warn",
  gate_unreachable: "warn",
  gate_release_failed: "warn",
  gate_permits_reclaimed: "warn",
  gate_reclaim_failed: "warn",
  "cell.sync_failed": "warn",
  "cell.ledger_unreachable": "warn",
  "cell.alarm_error": "error",
  "cell.run_error": "error",
  "cell.call_retried": "warn",
  "cell.resumed": "warn",
  "cell.runner_stuck": "error",
  "cell.juror_error": "error",
  "comparison.alarm_error": "error",
  "comparison.run_error": "error",
  "comparison.resumed": "warn",
  "comparison.runner_stuck": "error",
  "comparison.juror_error": "error",
  "comparison.sync_failed": "warn",
  "evaluation.alarm_error": "error",
  "batch.alarm_error": "error",
  "batch.item_error": "warn",
  "batch.sync_error": "warn",
  quota_unreachable: "warn",
  quota_settle_failed: "warn",
  quota_hold_unanswered: "warn",
} as const satisfies Record<LogEvent, "info" | "log" | "warn" | "error">;

/**
 * Writes one event as a JSON line, `event` first.
 *
 * @example
 * log("storage_error", { what: "listing judgments", error: String(error) });
 */
export function log<E extends LogEvent>(event: E, fields: LogEvents[E]): void {
  console[LOG_LEVELS[event]](JSON.stringify({ event, ...fields }));
}
