import { sql } from "drizzle-orm";
import type { Comparison } from "../schemas/comparison.ts";
import type { Database } from "./client.ts";
import { comparisons } from "./schema.ts";

/** The Turso row of a comparison as its object holds it when the row is rendered. */
export type ComparisonRow = Required<typeof comparisons.$inferInsert>;

/** @example comparisonRow(document, state.runId, state.contentDigest, Date.now()).winner; // "a" */
export function comparisonRow(comparison: Comparison, runId: string, contentDigest: string, renderedAt: number): ComparisonRow {
  return {
    comparisonId: comparison.comparison_id,
    runId,
    status: comparison.status,
    contentDigest,
    rubricId: comparison.rubric.id,
    rubricVersion: comparison.rubric.version,
    reality: comparison.reality,
    judgeProfile: comparison.judge.profile,
    winner: comparison.winner,
    margin: comparison.margin,
    positionConsistency: comparison.position_consistency,
    llmCalls: comparison.usage.llm_calls,
    costUsd: comparison.usage.cost_usd,
    errorCode: comparison.error?.code ?? null,
    document: JSON.stringify({ ...comparison, cached: false }),
    createdAt: Date.parse(comparison.created_at),
    completedAt: comparison.completed_at === null ? null : Date.parse(comparison.completed_at),
    updatedAt: renderedAt,
  };
}

/**
 * Upserts a comparison's row. A push never goes back in time: a row rendered earlier but arriving
 * later than a newer one (an alarm's retry overlapping the end of the run) is ignored.
 */
export async function upsertComparison(db: Database, row: ComparisonRow): Promise<void> {
  await db
    .insert(comparisons)
    .values(row)
    .onConflictDoUpdate({
      target: comparisons.comparisonId,
      set: { ...row, comparisonId: undefined },
      setWhere: sql`${comparisons.updatedAt} <= ${row.updatedAt}`,
    });
}
