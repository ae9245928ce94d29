import type { CostedUsage } from "../src/judge/cost.ts";
import type { DimensionOutcome, JudgmentSummary, Reality, Rubric } from "../src/judge/types.ts";
import type { JudgmentStatus } from "../src/schemas/judgment.ts";

/**
 * The cell's own SQLite: its one judgment, the dimensions scored so far, and the outbox of states not yet
 * pushed to Turso. Every write here is synchronous and durable before the next await, which is what lets
 * a restarted object resume without scoring a finished dimension twice.
 */

const SCHEMA = `
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

type Row = Record<string, SqlStorageValue>;

const json = <T>(value: SqlStorageValue): T => JSON.parse(String(value)) as T;
const nullableJson = <T>(value: SqlStorageValue): T | null => (value === null ? null : json<T>(value));
const nullableNumber = (value: SqlStorageValue): number | null => (value === null ? null : Number(value));

export class CellStore {
  readonly #sql: SqlStorage;
  #ready: boolean;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    // The schema is created on the first write only, so reading a cell nobody asked for stores nothing.
    this.#ready = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cell'").toArray().length > 0;
  }

  #ensureSchema(): void {
    if (this.#ready) return;
    this.#sql.exec(SCHEMA);
    this.#ready = true;
  }

  load(): CellState | null {
    if (!this.#ready) return null;
    const row = this.#sql.exec<Row>("SELECT * FROM cell WHERE singleton = 1").toArray()[0];
    if (!row) return null;
    return {
      cellId: String(row.cell_id),
      judgmentId: String(row.judgment_id),
      status: String(row.status) as JudgmentStatus,
      contentDigest: String(row.content_digest),
      request: json<CellRequest>(row.request ?? null),
      summary: nullableJson<JudgmentSummary>(row.summary ?? null),
      error: nullableJson<JudgmentError>(row.error ?? null),
      usage: json<CostedUsage>(row.usage ?? null),
      createdAt: Number(row.created_at),
      startedAt: nullableNumber(row.started_at ?? null),
      completedAt: nullableNumber(row.completed_at ?? null),
      attempts: Number(row.attempts),
    };
  }

  /** Replaces the cell's judgment with a fresh one (a new cell, or a failed one asked again with new input). */
  create(state: CellState): void {
    this.#ensureSchema();
    this.#sql.exec("DELETE FROM dimension");
    this.#sql.exec(
      `INSERT OR REPLACE INTO cell (singleton, cell_id, judgment_id, status, content_digest, request, summary, error,
         usage, created_at, started_at, completed_at, attempts)
       VALUES (1, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, NULL, ?)`,
      state.cellId,
      state.judgmentId,
      state.status,
      state.contentDigest,
      JSON.stringify(state.request),
      JSON.stringify(state.usage),
      state.createdAt,
      state.startedAt,
      state.attempts,
    );
  }

  /** Starts (or restarts) scoring: failed dimensions are forgotten so they are asked again. */
  markScoring(startedAt: number): void {
    this.#sql.exec("DELETE FROM dimension WHERE status = 'failed'");
    this.#sql.exec(
      "UPDATE cell SET status = 'scoring', error = NULL, started_at = ?, attempts = attempts + 1 WHERE singleton = 1",
      startedAt,
    );
  }

  /** Records one finished batch and its usage in one transaction. */
  recordBatch(outcomes: Record<string, DimensionOutcome>, usage: CostedUsage): void {
    for (const [dimension, outcome] of Object.entries(outcomes)) {
      this.#sql.exec(
        "INSERT OR REPLACE INTO dimension (dimension, status, score, rationale, error) VALUES (?, ?, ?, ?, ?)",
        dimension,
        outcome.status,
        outcome.status === "scored" ? outcome.score : null,
        outcome.status === "scored" ? outcome.rationale : null,
        outcome.status === "failed" ? outcome.error : null,
      );
    }
    this.#sql.exec("UPDATE cell SET usage = ? WHERE singleton = 1", JSON.stringify(usage));
  }

  dimensions(): Record<string, DimensionOutcome> {
    const outcomes: Record<string, DimensionOutcome> = {};
    if (!this.#ready) return outcomes;
    for (const row of this.#sql.exec<Row>("SELECT * FROM dimension")) {
      outcomes[String(row.dimension)] =
        row.status === "scored"
          ? { status: "scored", score: Number(row.score), rationale: String(row.rationale ?? "") }
          : { status: "failed", error: String(row.error ?? "unknown error") };
    }
    return outcomes;
  }

  /** Ends the judgment (completed or failed) and queues its push to Turso, atomically. */
  finish(
    status: "completed" | "failed",
    result: { summary?: JudgmentSummary; error?: JudgmentError },
    completedAt: number,
  ): void {
    this.#sql.exec(
      "UPDATE cell SET status = ?, summary = ?, error = ?, completed_at = ? WHERE singleton = 1",
      status,
      result.summary ? JSON.stringify(result.summary) : null,
      result.error ? JSON.stringify(result.error) : null,
      completedAt,
    );
    this.enqueueSync(completedAt);
  }

  /** Queues a push of the cell's current state to Turso, due at `dueAt` (default: now). */
  enqueueSync(now: number, dueAt = now): void {
    this.#sql.exec("INSERT INTO outbox (created_at, next_attempt_at) VALUES (?, ?)", now, dueAt);
  }

  /** The last stream frame number handed out (0 before any). */
  currentSeq(): number {
    if (!this.#ready) return 0;
    const row = this.#sql.exec<Row>("SELECT value FROM counter WHERE name = 'seq'").toArray()[0];
    return row ? Number(row.value) : 0;
  }

  nextSeq(): number {
    this.#ensureSchema();
    return Number(
      this.#sql
        .exec<Row>(
          "INSERT INTO counter (name, value) VALUES ('seq', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
        )
        .one().value,
    );
  }

  /** Highest outbox entry and when it is next due, or null when nothing is pending. */
  pendingSync(): { upTo: number; attempts: number; nextAttemptAt: number } | null {
    if (!this.#ready) return null;
    const row = this.#sql
      .exec<Row>("SELECT MAX(id) AS up_to, MAX(attempts) AS attempts, MIN(next_attempt_at) AS due FROM outbox")
      .one();
    if (row.up_to === null) return null;
    return { upTo: Number(row.up_to), attempts: Number(row.attempts), nextAttemptAt: Number(row.due) };
  }

  /** The push covering entries up to `upTo` landed: those entries are done. */
  syncDone(upTo: number): void {
    this.#sql.exec("DELETE FROM outbox WHERE id <= ?", upTo);
  }

  syncFailed(upTo: number, error: string, nextAttemptAt: number): void {
    this.#sql.exec(
      "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id <= ?",
      error.slice(0, 500),
      nextAttemptAt,
      upTo,
    );
  }
}
