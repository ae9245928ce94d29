import { sql } from "drizzle-orm";
import type { Database } from "../src/db/client.ts";
import { dimensionScores, judgments } from "../src/db/schema.ts";
import type { Judgment } from "../src/schemas/judgment.ts";

/**
 * Pushes a cell's judgment to Turso in ONE libSQL batch (one round trip, one transaction): the judgment
 * row and every dimension row, upserted by cell id, so repeating a push is harmless.
 */
export async function pushJudgment(db: Database, judgment: Judgment, contentDigest: string, now: number) {
  const createdAt = Date.parse(judgment.created_at);
  const row = {
    cellId: judgment.cell_id,
    judgmentId: judgment.judgment_id,
    status: judgment.status,
    contentDigest,
    rubricId: judgment.rubric.id,
    rubricVersion: judgment.rubric.version,
    reality: judgment.reality,
    judgeProfile: judgment.judge.profile,
    provider: judgment.judge.provider,
    model: judgment.judge.model,
    qScore: judgment.q_score,
    verdict: judgment.verdict,
    confidence: judgment.confidence,
    llmCalls: judgment.usage.llm_calls,
    inputTokens: judgment.usage.input_tokens,
    outputTokens: judgment.usage.output_tokens,
    costUsd: judgment.usage.cost_usd,
    errorCode: judgment.error?.code ?? null,
    document: JSON.stringify({ ...judgment, cached: false }),
    createdAt,
    completedAt: judgment.completed_at === null ? null : Date.parse(judgment.completed_at),
    updatedAt: now,
  };
  const { cellId: _key, ...update } = row;
  const upsertJudgment = db.insert(judgments).values(row).onConflictDoUpdate({ target: judgments.cellId, set: update });
  const dimensionRows = Object.entries(judgment.dimensions).map(([dimension, result]) => ({
    cellId: judgment.cell_id,
    dimension,
    judgmentId: judgment.judgment_id,
    axiom: result.axiom,
    status: result.status,
    score: result.score,
    rationale: result.rationale,
    error: result.error ?? null,
  }));
  // A judgment replaced after a failure may have fewer dimensions: drop rows of the old judgment id.
  const clearStale = db.run(
    sql`DELETE FROM dimension_scores WHERE cell_id = ${judgment.cell_id} AND judgment_id <> ${judgment.judgment_id}`,
  );
  if (dimensionRows.length === 0) {
    await db.batch([upsertJudgment, clearStale]);
    return;
  }
  const upsertDimensions = db
    .insert(dimensionScores)
    .values(dimensionRows)
    .onConflictDoUpdate({
      target: [dimensionScores.cellId, dimensionScores.dimension],
      set: {
        judgmentId: sql`excluded.judgment_id`,
        axiom: sql`excluded.axiom`,
        status: sql`excluded.status`,
        score: sql`excluded.score`,
        rationale: sql`excluded.rationale`,
        error: sql`excluded.error`,
      },
    });
  await db.batch([upsertJudgment, clearStale, upsertDimensions]);
}
