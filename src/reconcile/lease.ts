import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { reconcileRuns } from "../db/schema.ts";

export interface RunCounts {
  checked: number;
  redriven: number;
  repaired: number;
  errors: number;
}

/**
 * Takes the run of `scheduledTime`: the row is the lease, so two invocations for the same cron tick (an
 * overlap, a retry, a second instance) never both act. A run whose owner vanished mid-way (lease
 * expired, still `running`) may be taken over; a finished one never runs again.
 */
export async function takeLease(db: Database, scheduledTime: number, owner: string, now: number, leaseMs: number): Promise<boolean> {
  const inserted = await db
    .insert(reconcileRuns)
    .values({ scheduledTime, leaseOwner: owner, leaseExpiresAt: now + leaseMs, status: "running", startedAt: now })
    .onConflictDoNothing()
    .returning({ scheduledTime: reconcileRuns.scheduledTime });
  if (inserted.length > 0) return true;
  const takenOver = await db
    .update(reconcileRuns)
    .set({ leaseOwner: owner, leaseExpiresAt: now + leaseMs, startedAt: now })
    .where(and(eq(reconcileRuns.scheduledTime, scheduledTime), eq(reconcileRuns.status, "running"), lt(reconcileRuns.leaseExpiresAt, now)))
    .returning({ scheduledTime: reconcileRuns.scheduledTime });
  return takenOver.length > 0;
}

/** Records how the run went, if this owner still holds its lease. */
export async function finishRun(db: Database, scheduledTime: number, owner: string, status: "done" | "failed", counts: RunCounts, now: number) {
  await db
    .update(reconcileRuns)
    .set({ status, ...counts, finishedAt: now })
    .where(and(eq(reconcileRuns.scheduledTime, scheduledTime), eq(reconcileRuns.leaseOwner, owner)));
}

/** Drops run records older than `keepMs` so the table stays small. */
export async function pruneRuns(db: Database, before: number) {
  await db.delete(reconcileRuns).where(sql`${reconcileRuns.scheduledTime} < ${before} AND ${reconcileRuns.status} <> 'running'`);
}
