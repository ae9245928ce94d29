import { and, asc, inArray, lt } from "drizzle-orm";
import { inLanes } from "../async/lanes.ts";
import { configOf } from "../config.ts";
import { createDatabase } from "../db/client.ts";
import { judgments } from "../db/schema.ts";
import { cellStub } from "../objects/cell.ts";
import { outboxLedger } from "../objects/ledger.ts";
import { UNFINISHED_STATUSES } from "../schemas/judgment.ts";
import { finishRun, pruneRuns, takeLease, type RunCounts } from "./lease.ts";
import { countOutcome, reconcileComparisons } from "./reconcile-comparisons.ts";
import { log } from "../observability/log.ts";

export interface ReconcileOptions {
  /** A Turso row still pending or scoring this long after its last update is stuck. */
  stuckAfterMs?: number;
  /** Most cells one run acts on, so a run stays well inside a cron invocation's limits. */
  limit?: number;
}

export interface ReconcileSummary extends RunCounts {
  scheduledTime: number;
  /** False when another invocation holds or finished this tick's run. */
  acted: boolean;
}

const DEFAULTS = { stuckAfterMs: 5 * 60_000, limit: 100 };
const LEASE_MS = 55_000;
const KEEP_RUNS_MS = 7 * 24 * 3_600_000;
const PARALLEL_NUDGES = 8;

/**
 * The cron reconciliation (docs/architecture.md, "The cron path"): asks every cell whose Turso row is still pending or scoring past
 * the deadline to resume or re-push, nudges every cell the outbox ledger lists as not yet pushed, and
 * does the same for comparisons (./reconcile-comparisons.ts).
 * Idempotent per `scheduledTime` through a lease row; records the run; never throws.
 *
 * @example
 * export default { scheduled: (controller, env) => reconcile(env, controller.scheduledTime) };
 */
export async function reconcile(env: Env, scheduledTime: number, options: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const { stuckAfterMs, limit } = { ...DEFAULTS, ...options };
  const counts: RunCounts = { checked: 0, redriven: 0, repaired: 0, errors: 0 };
  const summary = (acted: boolean): ReconcileSummary => ({ scheduledTime, acted, ...counts });
  const owner = `r_${crypto.randomUUID().slice(0, 12)}`;
  let db: ReturnType<typeof createDatabase>;
  try {
    db = createDatabase(configOf(env));
    if (!(await takeLease(db, scheduledTime, owner, Date.now(), LEASE_MS))) return summary(false);
  } catch (error) {
    log("reconcile_error", { stage: "lease", error: String(error) });
    return { ...summary(false), errors: 1 };
  }
  try {
    const stuck = await db
      .select({ cellId: judgments.cellId })
      .from(judgments)
      .where(and(inArray(judgments.status, [...UNFINISHED_STATUSES]), lt(judgments.updatedAt, scheduledTime - stuckAfterMs)))
      .orderBy(asc(judgments.updatedAt))
      .limit(limit);
    const unpushed = await outboxLedger(env).list(limit);
    const cells = [...new Set([...stuck.map((row) => row.cellId), ...unpushed.map((entry) => entry.cellId)])];
    await inLanes(cells, PARALLEL_NUDGES, async (cellId) => {
      counts.checked += 1;
      try {
        countOutcome(counts, await cellStub(env, cellId).reconcile());
      } catch (error) {
        counts.errors += 1;
        log("reconcile_cell_error", { cell_id: cellId, error: String(error) });
      }
    });
    await reconcileComparisons(env, { db, scheduledTime, stuckAfterMs, limit, lanes: PARALLEL_NUDGES }, counts);
    await finishRun(db, scheduledTime, owner, "done", counts, Date.now());
    await pruneRuns(db, scheduledTime - KEEP_RUNS_MS);
  } catch (error) {
    counts.errors += 1;
    log("reconcile_error", { stage: "run", error: String(error) });
    await finishRun(db, scheduledTime, owner, "failed", counts, Date.now()).catch(() => undefined);
  }
  log("reconcile", summary(true));
  return summary(true);
}
