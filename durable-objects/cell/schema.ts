import type { StoredPanel } from "../../src/cells/jury-view.ts";
import type { CostedUsage } from "../../src/judge/cost.ts";
import type { DimensionOutcome, JudgmentSummary, Reality, Rubric } from "../../src/judge/types.ts";
import { builtInRubric } from "../../src/rubrics/built-in.ts";
import type { JudgmentStatus } from "../../src/schemas/judgment.ts";

/**
 * The tables of a cell's own SQLite and how its rows read back: its one judgment, the dimensions scored
 * so far, a counter for stream frames, and the outbox of states not yet pushed to Turso.
 */
export const CELL_SCHEMA = `
CREATE TABLE IF NOT EXISTS cell (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  cell_id TEXT NOT NULL,
  judgment_id TEXT NOT NULL,
  status TEXT NOT NULL,
  content_digest TEXT NOT NULL,
  request TEXT NOT NULL,
  summary TEXT,
  error TEXT,
  usage TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  completed_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS dimension (
  dimension TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  score REAL,
  rationale TEXT,
  error TEXT
);
CREATE TABLE IF NOT EXISTS counter (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT
);`;

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
}

export type Row = Record<string, SqlStorageValue>;

type StoredRequest = Omit<CellRequest, "rubric"> & { rubric: Rubric | { builtIn: string } };

/**
 * The request as stored: a built-in rubric by reference (`id@version`, immutable and in the code), a
 * custom one in full, since it is what the judgment was asked against.
 */
export function encodeRequest(request: CellRequest): string {
  const ref = `${request.rubric.id}@${request.rubric.version}`;
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
  };
}

export function decodeDimension(row: Row): DimensionOutcome {
  if (row.status !== "scored") return { status: "failed", error: String(row.error ?? "unknown error") };
  const outcome: DimensionOutcome = { status: "scored", score: Number(row.score), rationale: String(row.rationale ?? "") };
  // Probability-weighted scores record how they were made (tables that have the columns).
  if (row.scoring === "logprobs" || row.scoring === "direct") return { ...outcome, raw_score: Number(row.raw_score ?? row.score), scoring: row.scoring };
  return outcome;
}
