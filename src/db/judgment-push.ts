import type { Client, InStatement } from "@libsql/client/web";
import type { Judgment } from "../schemas/judgment.ts";

/**
 * Pushes a cell's judgment to Turso in ONE libSQL batch (one round trip, one transaction): the judgment
 * row and every dimension row, upserted by cell id, so repeating a push is harmless. Plain SQL rather
 * than the query builder: this runs once or twice per judgment on the cell's thread, and the 35
 * dimension rows travel as one JSON value that SQLite's `json_each` unpacks, instead of 280 bound values.
 */

const JUDGMENT_COLUMNS = [
  "cell_id", "judgment_id", "status", "content_digest", "rubric_id", "rubric_version", "reality", "judge_profile",
  "provider", "model", "q_score", "verdict", "confidence", "llm_calls", "input_tokens", "output_tokens", "cost_usd",
  "error_code", "document", "created_at", "completed_at", "updated_at",
] as const;

const UPSERT_JUDGMENT = `INSERT INTO judgments (${JUDGMENT_COLUMNS.join(", ")})
VALUES (${JUDGMENT_COLUMNS.map(() => "?").join(", ")})
ON CONFLICT (cell_id) DO UPDATE SET ${JUDGMENT_COLUMNS.slice(1).map((column) => `${column} = excluded.${column}`).join(", ")}`;

/** A judgment replaced after a failure may have fewer dimensions: rows of another judgment id go. */
const CLEAR_STALE_DIMENSIONS = "DELETE FROM dimension_scores WHERE cell_id = ? AND judgment_id <> ?";

// `WHERE true` lets SQLite tell the upsert's ON CONFLICT from a join's ON (sqlite.org/lang_upsert.html).
const UPSERT_DIMENSIONS = `INSERT INTO dimension_scores (cell_id, dimension, judgment_id, axiom, status, score, rationale, error)
SELECT ?, d.key, ?, json_extract(d.value, '$.axiom'), json_extract(d.value, '$.status'), json_extract(d.value, '$.score'),
  json_extract(d.value, '$.rationale'), json_extract(d.value, '$.error')
FROM json_each(?) AS d WHERE true
ON CONFLICT (cell_id, dimension) DO UPDATE SET judgment_id = excluded.judgment_id, axiom = excluded.axiom,
  status = excluded.status, score = excluded.score, rationale = excluded.rationale, error = excluded.error`;

/** The statements of one push, in order. */
export function pushStatements(judgment: Judgment, contentDigest: string, now: number): InStatement[] {
  const values = [
    judgment.cell_id, judgment.judgment_id, judgment.status, contentDigest, judgment.rubric.id, judgment.rubric.version,
    judgment.reality, judgment.judge.profile, judgment.judge.provider, judgment.judge.model, judgment.q_score,
    judgment.verdict, judgment.confidence, judgment.usage.llm_calls, judgment.usage.input_tokens,
    judgment.usage.output_tokens, judgment.usage.cost_usd, judgment.error?.code ?? null,
    JSON.stringify({ ...judgment, cached: false }), Date.parse(judgment.created_at),
    judgment.completed_at === null ? null : Date.parse(judgment.completed_at), now,
  ];
  const statements: InStatement[] = [
    { sql: UPSERT_JUDGMENT, args: values },
    { sql: CLEAR_STALE_DIMENSIONS, args: [judgment.cell_id, judgment.judgment_id] },
  ];
  if (Object.keys(judgment.dimensions).length > 0) {
    statements.push({ sql: UPSERT_DIMENSIONS, args: [judgment.cell_id, judgment.judgment_id, JSON.stringify(judgment.dimensions)] });
  }
  return statements;
}

/**
 * @example
 * await pushJudgment(createStorageClient(config), judgment, state.contentDigest, Date.now());
 */
export async function pushJudgment(client: Client, judgment: Judgment, contentDigest: string, now: number): Promise<void> {
  try {
    await client.batch(pushStatements(judgment, contentDigest, now), "write");
  } finally {
    client.close();
  }
}
