import type { Client, InStatement } from "@libsql/client/web";
import { getTableColumns } from "drizzle-orm";
import type { Judgment } from "../schemas/judgment.ts";
import { judgments } from "./schema.ts";

/**
 * Pushes a cell's judgment to Turso in ONE libSQL batch (one round trip, one transaction): the judgment
 * row and every dimension row, upserted by cell id, so repeating a push is harmless. Plain SQL rather
 * than the query builder: this runs once or twice per judgment on the cell's thread, and the 35
 * dimension rows travel as one JSON value that SQLite's `json_each` unpacks, instead of 280 bound values.
 * The judgment row's columns come from the drizzle table (src/db/schema.ts), so a column added there is
 * written here or fails the typecheck.
 */

/** The judgment row: every column of the table, none left to a default. */
export type JudgmentRow = Required<typeof judgments.$inferInsert>;

/** Property name and SQL name of every column of `judgments`, in the table's order. */
const JUDGMENT_COLUMNS = Object.entries(getTableColumns(judgments)).map(([key, column]) => ({ key: key as keyof JudgmentRow, name: column.name }));

const UPSERT_JUDGMENT = `INSERT INTO judgments (${JUDGMENT_COLUMNS.map((column) => column.name).join(", ")})
VALUES (${JUDGMENT_COLUMNS.map(() => "?").join(", ")})
ON CONFLICT (tenant, cell_id) DO UPDATE SET ${JUDGMENT_COLUMNS.filter((column) => column.name !== "cell_id" && column.name !== "tenant").map(({ name }) => `${name} = excluded.${name}`).join(", ")}`;

/** A judgment replaced after a failure may have fewer dimensions: rows of another judgment id go. */
const CLEAR_STALE_DIMENSIONS = "DELETE FROM dimension_scores WHERE tenant = ? AND cell_id = ? AND judgment_id <> ?";

// `WHERE true` lets SQLite tell the upsert's ON CONFLICT from a join's ON (sqlite.org/lang_upsert.html).
const UPSERT_DIMENSIONS = `INSERT INTO dimension_scores (tenant, cell_id, dimension, judgment_id, axiom, status, score, rationale, error)
SELECT ?, ?, d.key, ?, json_extract(d.value, '$.axiom'), json_extract(d.value, '$.status'), json_extract(d.value, '$.score'),
  json_extract(d.value, '$.rationale'), json_extract(d.value, '$.error')
FROM json_each(?) AS d WHERE true
ON CONFLICT (tenant, cell_id, dimension) DO UPDATE SET judgment_id = excluded.judgment_id, axiom = excluded.axiom,
  status = excluded.status, score = excluded.score, rationale = excluded.rationale, error = excluded.error`;

/** Whose judgment it is and the digest of what it judged, which the cell holds beside the document. */
export interface PushedCell {
  tenant: string;
  contentDigest: string;
}

/** The Turso row of a judgment as its cell holds it at `now`. */
export function judgmentRow(judgment: Judgment, { tenant, contentDigest }: PushedCell, now: number): JudgmentRow {
  return {
    tenant,
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
    createdAt: Date.parse(judgment.created_at),
    completedAt: judgment.completed_at === null ? null : Date.parse(judgment.completed_at),
    updatedAt: now,
  };
}

/** The statements of one push, in order. */
export function pushStatements(judgment: Judgment, cell: PushedCell, now: number): InStatement[] {
  const row = judgmentRow(judgment, cell, now);
  const values = JUDGMENT_COLUMNS.map(({ key }) => row[key]);
  const statements: InStatement[] = [
    { sql: UPSERT_JUDGMENT, args: values },
    { sql: CLEAR_STALE_DIMENSIONS, args: [cell.tenant, judgment.cell_id, judgment.judgment_id] },
  ];
  if (Object.keys(judgment.dimensions).length > 0) {
    statements.push({ sql: UPSERT_DIMENSIONS, args: [cell.tenant, judgment.cell_id, judgment.judgment_id, JSON.stringify(judgment.dimensions)] });
  }
  return statements;
}

/**
 * @example
 * await pushJudgment(createStorageClient(config), judgment, { tenant, contentDigest: state.contentDigest }, Date.now());
 */
export async function pushJudgment(client: Client, judgment: Judgment, cell: PushedCell, now: number): Promise<void> {
  try {
    await client.batch(pushStatements(judgment, cell, now), "write");
  } finally {
    client.close();
  }
}
