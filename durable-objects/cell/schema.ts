import type { StoredPanel } from "../../src/cells/jury-view.ts";
import type { CostedUsage } from "../../src/judge/cost.ts";
import type { DimensionOutcome, JudgmentSummary, Reality, Rubric } from "../../src/judge/types.ts";
import { builtInRubric, formatRubricRef } from "../../src/rubrics/ref.ts";
import type { JudgmentStatus } from "../../src/schemas/judgment.ts";

/**
 * How a cell's rows read back (the tables themselves are made by ./migrations.ts): its one judgment,
 * the dimensions scored so far.
 */

/** Why a judgment failed; `retry_after_seconds` when the cause says when trying again makes sense. */
export interface JudgmentError {
  code: string;
  message: string;
  retry_after_seconds?: number;
}

/** What a cell is asked to judge, as stored with it. */
export interface CellRequest {
  content: string;
  context?: string | undefined;
  reality?: Reality | undefined;
  rubric: Rubric;
  judge: { profile: string; provider: string; model: string; prompt_version: string };
  /** Panels only: the jury as configured when the cell was asked. */
  panel?: StoredPanel | undefined;
}

export interface CellState {
  cellId: string;
  judgmentId: string;
  status: JudgmentStatus;
  contentDigest: string;
  request: CellRequest;
  summary: JudgmentSummary | null;
  error: JudgmentError | null;
  usage: CostedUsage;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  attempts: number;
  /** What the judgment may spend in all, its earlier attempts included (USD); null: the server's maximum. */
  budgetUsd: number | null;
}

export type Row = Record<string, SqlStorageValue>;

type StoredRequest = Omit<CellRequest, "rubric"> & { rubric: Rubric | { builtIn: string } };

/**
 * The request as stored: a built-in rubric by reference (`id@version`, immutable and in the code), a
 * custom one in full, since it is what the judgment was asked against.
 */
export function encodeRequest(request: CellRequest): string {
  const ref = formatRubricRef(request.rubric);
  const stored: StoredRequest = builtInRubric(ref) ? { ...request, rubric: { builtIn: ref } } : request;
  return JSON.stringify(stored);
}

function decodeRequest(text: string): CellRequest {
  const stored = JSON.parse(text) as StoredRequest;
  if (!("builtIn" in stored.rubric)) return stored as CellRequest;
  const rubric = builtInRubric(stored.rubric.builtIn);
  if (!rubric) throw new Error(`the cell names a built-in rubric this build lacks: ${stored.rubric.builtIn}`);
  return { ...stored, rubric };
}

const json = <T>(value: SqlStorageValue | undefined): T => JSON.parse(String(value)) as T;
const nullableJson = <T>(value: SqlStorageValue | undefined): T | null => (value == null ? null : json<T>(value));
const nullableNumber = (value: SqlStorageValue | undefined): number | null => (value == null ? null : Number(value));

export function decodeState(row: Row): CellState {
  return {
    cellId: String(row.cell_id),
    judgmentId: String(row.judgment_id),
    status: String(row.status) as JudgmentStatus,
    contentDigest: String(row.content_digest),
    request: decodeRequest(String(row.request)),
    summary: nullableJson<JudgmentSummary>(row.summary),
    error: nullableJson<JudgmentError>(row.error),
    usage: json<CostedUsage>(row.usage),
    createdAt: Number(row.created_at),
    startedAt: nullableNumber(row.started_at),
    completedAt: nullableNumber(row.completed_at),
    attempts: Number(row.attempts),
    budgetUsd: nullableNumber(row.budget_usd),
  };
}

export function decodeDimension(row: Row): DimensionOutcome {
  if (row.status !== "scored") return { status: "failed", error: String(row.error ?? "unknown error") };
  const outcome: DimensionOutcome = { status: "scored", score: Number(row.score), rationale: String(row.rationale ?? "") };
  // Probability-weighted scores record how they were made (tables that have the columns).
  if (row.scoring === "logprobs" || row.scoring === "direct") return { ...outcome, raw_score: Number(row.raw_score ?? row.score), scoring: row.scoring };
  return outcome;
}

/**
 * The columns an outcome row is made of, read from one element of `encodeDimensions`'s array by an
 * `INSERT … SELECT … FROM json_each(?)`: `dimension, status, score, rationale, error, raw_score, scoring`.
 */
export const DIMENSION_COLUMNS_FROM_JSON = [0, 1, 2, 3, 4, 5, 6].map((index) => `json_extract(value, '$[${index}]')`).join(", ");

/**
 * A batch's outcomes as ONE bound value. Bound row by row, every batch size was a statement of its own
 * text for SQLite to compile, with 7–8 values per row to bind: the costliest call of a judgment in the
 * Worker's profile (docs/benchmarks.md). One text, prepared once, costs the same for any batch.
 */
export function encodeDimensions(outcomes: Readonly<Record<string, DimensionOutcome>>): string {
  return JSON.stringify(
    Object.entries(outcomes).map(([dimension, outcome]) =>
      outcome.status === "scored"
        ? [dimension, "scored", outcome.score, outcome.rationale, null, outcome.raw_score ?? null, outcome.scoring ?? null]
        : [dimension, "failed", null, null, outcome.error, null, null],
    ),
  );
}
