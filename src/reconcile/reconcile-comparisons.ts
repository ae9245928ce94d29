import { and, asc, inArray, lt } from "drizzle-orm";
import { inLanes } from "../async/lanes.ts";
import type { Database } from "../db/client.ts";
import { comparisons } from "../db/schema.ts";
import type { ReconcileOutcome } from "../objects/cell.ts";
import { comparisonStub } from "../objects/comparison.ts";
import { log } from "../observability/log.ts";
import { UNFINISHED_STATUSES } from "../schemas/judgment.ts";
import type { RunCounts } from "./lease.ts";

/** Adds one nudged object's outcome to a run's counts (cells and comparisons alike). */
export function countOutcome(counts: RunCounts, outcome: ReconcileOutcome): void {
  if (outcome === "resumed") counts.redriven += 1;
  else if (outcome === "repaired") counts.repaired += 1;
  else if (outcome === "missing") counts.errors += 1;
}

export interface ComparisonSweep {
  db: Database;
  scheduledTime: number;
  stuckAfterMs: number;
  limit: number;
  lanes: number;
}

/**
 * The comparisons' part of a cron run: every comparison whose Turso row is still pending or scoring
 * past the deadline is asked to resume (or to push the end Turso never heard of). A comparison whose
 * push failed retries from its own alarm, so only unfinished rows need the cron.
 */
export async function reconcileComparisons(env: Env, sweep: ComparisonSweep, counts: RunCounts): Promise<void> {
  const stuck = await sweep.db
    .select({ comparisonId: comparisons.comparisonId })
    .from(comparisons)
    .where(and(inArray(comparisons.status, [...UNFINISHED_STATUSES]), lt(comparisons.updatedAt, sweep.scheduledTime - sweep.stuckAfterMs)))
    .orderBy(asc(comparisons.updatedAt))
    .limit(sweep.limit);
  await inLanes(stuck, sweep.lanes, async ({ comparisonId }) => {
    counts.checked += 1;
    try {
      countOutcome(counts, await comparisonStub(env, comparisonId).reconcile());
    } catch (error) {
      counts.errors += 1;
      log("reconcile_cell_error", { cell_id: comparisonId, error: String(error) });
    }
  });
}
