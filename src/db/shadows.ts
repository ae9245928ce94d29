import { and, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { JudgedPair } from "../evaluation/drift.ts";
import type { Judgment } from "../schemas/judgment.ts";
import type { Database } from "./client.ts";
import { judgments, judgmentShadows } from "./schema.ts";

/** Most shadowed cells a drift report reads: the newest, so it follows the candidate as it is now. */
export const DRIFT_WINDOW = 1_000;

/** Links a shadowed cell to the candidate's cell; written again, it changes nothing. */
export async function recordShadow(db: Database, row: typeof judgmentShadows.$inferInsert): Promise<void> {
  await db.insert(judgmentShadows).values(row).onConflictDoNothing();
}

/**
 * A tenant's completed (current, candidate) judgment pairs of a candidate profile against the profile of the
 * shadowed cells, newest first.
 */
export async function shadowPairs(db: Database, tenant: string, candidate: string, against: string, limit = DRIFT_WINDOW): Promise<JudgedPair[]> {
  const current = alias(judgments, "current");
  const shadow = alias(judgments, "shadow");
  const rows = await db
    .select({ current: current.document, candidate: shadow.document })
    .from(judgmentShadows)
    .innerJoin(current, and(eq(current.tenant, judgmentShadows.tenant), eq(current.cellId, judgmentShadows.cellId)))
    .innerJoin(shadow, and(eq(shadow.tenant, judgmentShadows.tenant), eq(shadow.cellId, judgmentShadows.candidateCellId)))
    .where(and(eq(judgmentShadows.tenant, tenant), eq(judgmentShadows.candidateProfile, candidate), eq(current.judgeProfile, against), eq(current.status, "completed"), eq(shadow.status, "completed")))
    .orderBy(desc(judgmentShadows.createdAt))
    .limit(limit);
  const figures = (text: string) => {
    const judgment = JSON.parse(text) as Judgment;
    return { q_score: judgment.q_score!, verdict: judgment.verdict!, axioms: judgment.axioms };
  };
  return rows.map((row) => ({ current: figures(row.current), candidate: figures(row.candidate) }));
}
