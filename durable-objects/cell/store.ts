import type { CostedUsage } from "../../src/judge/cost.ts";
import type { DimensionOutcome, JudgmentSummary } from "../../src/judge/types.ts";
import { CELL_MIGRATIONS, migrateCell } from "./migrations.ts";
import { decodeDimension, decodeState, DIMENSION_COLUMNS_FROM_JSON, encodeDimensions, encodeRequest, type CellState, type JudgmentError, type Row } from "./schema.ts";

export type { CellRequest, CellState, JudgmentError } from "./schema.ts";

const INSERT_OUTCOMES = `INSERT OR REPLACE INTO dimension (dimension, status, score, rationale, error, raw_score, scoring)
SELECT ${DIMENSION_COLUMNS_FROM_JSON} FROM json_each(?)`;

/**
 * The cell's own SQLite, with the state and the dimensions also kept in memory: this object is the
 * cell's only writer, so what it wrote is what the tables hold, and a read costs no query or parse.
 * Every write is synchronous and durable before the next await, which is what lets a restarted object
 * resume without scoring a finished dimension twice.
 */
export class CellStore {
  readonly #sql: SqlStorage;
  readonly #migrations: readonly string[];
  #ready: boolean;
  /** undefined until first read; null for a cell never asked. */
  #state: CellState | null | undefined;
  #dimensions: Record<string, DimensionOutcome> | undefined;

  /** `migrations`: the cell's schema versions (tests pass a longer list to open an older cell). */
  constructor(sql: SqlStorage, migrations: readonly string[] = CELL_MIGRATIONS) {
    this.#sql = sql;
    this.#migrations = migrations;
    // The schema is created on the first write only, so reading a cell nobody asked for stores nothing;
    // a cell written by an earlier build is brought up to date before anything reads it.
    this.#ready = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cell'").toArray().length > 0;
    if (this.#ready) migrateCell(sql, migrations);
  }

  #ensureSchema(): void {
    if (this.#ready) return;
    migrateCell(this.#sql, this.#migrations);
    this.#ready = true;
  }

  /** The cell's judgment state (read-only: every change goes through a method below). */
  load(): CellState | null {
    if (this.#state === undefined) {
      const row = this.#ready ? this.#sql.exec<Row>("SELECT * FROM cell WHERE singleton = 1").toArray()[0] : undefined;
      this.#state = row ? decodeState(row) : null;
    }
    return this.#state;
  }

  #update(change: Partial<CellState>): void {
    this.#state = { ...this.load()!, ...change };
  }

  /** Replaces the cell's judgment with a fresh one (a new cell, or a failed one asked again with new input). */
  create(state: CellState): void {
    this.#ensureSchema();
    // A new cell has no dimension rows; only a failed judgment replaced by another content leaves some.
    if (Object.keys(this.dimensions()).length > 0) this.#sql.exec("DELETE FROM dimension");
    this.#sql.exec(
      `INSERT OR REPLACE INTO cell (singleton, cell_id, judgment_id, status, content_digest, request, summary, error,
         usage, created_at, started_at, completed_at, attempts, budget_usd)
       VALUES (1, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, NULL, ?, ?)`,
      state.cellId,
      state.judgmentId,
      state.status,
      state.contentDigest,
      encodeRequest(state.request),
      JSON.stringify(state.usage),
      state.createdAt,
      state.startedAt,
      state.attempts,
      state.budgetUsd,
    );
    this.#state = state;
    this.#dimensions = {};
  }

  /** The budget of the request that starts (or retries) the judgment: what its run keeps to. */
  setBudget(budgetUsd: number): void {
    this.#sql.exec("UPDATE cell SET budget_usd = ? WHERE singleton = 1", budgetUsd);
    this.#update({ budgetUsd });
  }

  /** Starts (or restarts) scoring: failed dimensions are forgotten so they are asked again. */
  markScoring(startedAt: number): void {
    if (Object.values(this.dimensions()).some((outcome) => outcome.status === "failed")) {
      this.#sql.exec("DELETE FROM dimension WHERE status = 'failed'");
    }
    this.#sql.exec("UPDATE cell SET status = 'scoring', error = NULL, started_at = ?, attempts = attempts + 1 WHERE singleton = 1", startedAt);
    const dimensions = this.dimensions();
    this.#dimensions = Object.fromEntries(Object.entries(dimensions).filter(([, outcome]) => outcome.status === "scored"));
    this.#update({ status: "scoring", error: null, startedAt, attempts: this.load()!.attempts + 1 });
  }

  /** Records one finished batch (one INSERT, see encodeDimensions) and its usage, in one transaction. */
  recordBatch(outcomes: Record<string, DimensionOutcome>, usage: CostedUsage): void {
    if (Object.keys(outcomes).length > 0) this.#sql.exec(INSERT_OUTCOMES, encodeDimensions(outcomes));
    this.#sql.exec("UPDATE cell SET usage = ? WHERE singleton = 1", JSON.stringify(usage));
    this.#dimensions = { ...this.dimensions(), ...outcomes };
    this.#update({ usage });
  }

  /** Every recorded dimension outcome, by dimension id (read-only). */
  dimensions(): Record<string, DimensionOutcome> {
    if (this.#dimensions === undefined) {
      const outcomes: Record<string, DimensionOutcome> = {};
      if (this.#ready) for (const row of this.#sql.exec<Row>("SELECT * FROM dimension")) outcomes[String(row.dimension)] = decodeDimension(row);
      this.#dimensions = outcomes;
    }
    return this.#dimensions;
  }

  /** Ends the judgment (completed or failed) and queues its push to Turso, atomically. */
  finish(status: "completed" | "failed", result: { summary?: JudgmentSummary; error?: JudgmentError }, completedAt: number): void {
    const summary = result.summary ?? null;
    const error = result.error ?? null;
    this.#sql.exec(
      "UPDATE cell SET status = ?, summary = ?, error = ?, completed_at = ? WHERE singleton = 1",
      status,
      summary ? JSON.stringify(summary) : null,
      error ? JSON.stringify(error) : null,
      completedAt,
    );
    this.enqueueSync(completedAt);
    this.#update({ status, summary, error, completedAt });
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
      this.#sql.exec<Row>("INSERT INTO counter (name, value) VALUES ('seq', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value").one().value,
    );
  }

  /** Highest outbox entry and when it is next due, or null when nothing is pending. */
  pendingSync(): { upTo: number; attempts: number; nextAttemptAt: number } | null {
    if (!this.#ready) return null;
    const row = this.#sql.exec<Row>("SELECT MAX(id) AS up_to, MAX(attempts) AS attempts, MIN(next_attempt_at) AS due FROM outbox").one();
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
