import type { CostedUsage } from "../../src/judge/cost.ts";
import type { Order, Preference, PreferenceAnswer } from "../../src/judge/comparison/outcome.ts";
import type { Reality, Rubric } from "../../src/judge/types.ts";
import { builtInRubric, formatRubricRef } from "../../src/rubrics/ref.ts";

/**
 * A comparison cell's own SQLite: its one comparison, the answers received so far per (order,
 * dimension), and the stream's frame counter. Only answered pairs are stored: a failed call leaves its
 * pairs unrecorded, so a retry or a resumed run asks for exactly those again and no pair is asked twice
 * once answered. State is also kept in memory: this object is the only writer.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS comparison (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  cell_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  status TEXT NOT NULL,
  content_digest TEXT NOT NULL,
  request TEXT NOT NULL,
  error TEXT,
  usage TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  completed_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS answer (
  ord TEXT NOT NULL,
  dimension TEXT NOT NULL,
  prefer TEXT NOT NULL,
  rationale TEXT NOT NULL,
  PRIMARY KEY (ord, dimension)
);
CREATE TABLE IF NOT EXISTS counter (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);`;

export type ComparisonStatus = "pending" | "scoring" | "completed" | "failed";

export interface ComparisonRequestRecord {
  a: string;
  b: string;
  context?: string | undefined;
  reality?: Reality | undefined;
  rubric: Rubric;
  judge: { profile: string; provider: string; model: string; prompt_version: string };
}

export interface ComparisonError {
  code: string;
  message: string;
  retry_after_seconds?: number;
}

export interface ComparisonState {
  cellId: string;
  runId: string;
  status: ComparisonStatus;
  contentDigest: string;
  request: ComparisonRequestRecord;
  error: ComparisonError | null;
  usage: CostedUsage;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  attempts: number;
}

export type Answers = Record<string, { ab?: PreferenceAnswer; ba?: PreferenceAnswer }>;

type Row = Record<string, SqlStorageValue>;

const num = (value: SqlStorageValue | undefined) => (value === null || value === undefined ? null : Number(value));

function encodeRequest(request: ComparisonRequestRecord): string {
  const ref = formatRubricRef(request.rubric);
  // A built-in rubric is stored by reference: it is immutable and in every isolate's memory.
  return JSON.stringify({ ...request, rubric: builtInRubric(ref) ? ref : request.rubric });
}

function decodeRequest(text: string): ComparisonRequestRecord {
  const raw = JSON.parse(text) as Omit<ComparisonRequestRecord, "rubric"> & { rubric: Rubric | string };
  const rubric = typeof raw.rubric === "string" ? builtInRubric(raw.rubric) : raw.rubric;
  if (!rubric) throw new Error(`stored rubric ${String(raw.rubric)} is unknown`);
  return { ...raw, rubric };
}

export class ComparisonStore {
  readonly #sql: SqlStorage;
  #ready: boolean;
  #state: ComparisonState | null | undefined;
  #answers: Answers | undefined;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    this.#ready = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'comparison'").toArray().length > 0;
  }

  #ensureSchema(): void {
    if (this.#ready) return;
    this.#sql.exec(SCHEMA);
    this.#ready = true;
  }

  load(): ComparisonState | null {
    if (this.#state === undefined) {
      const row = this.#ready ? this.#sql.exec<Row>("SELECT * FROM comparison WHERE singleton = 1").toArray()[0] : undefined;
      this.#state = row
        ? {
            cellId: String(row.cell_id),
            runId: String(row.run_id),
            status: String(row.status) as ComparisonStatus,
            contentDigest: String(row.content_digest),
            request: decodeRequest(String(row.request)),
            error: row.error === null ? null : (JSON.parse(String(row.error)) as ComparisonError),
            usage: JSON.parse(String(row.usage)) as CostedUsage,
            createdAt: Number(row.created_at),
            startedAt: num(row.started_at),
            completedAt: num(row.completed_at),
            attempts: Number(row.attempts),
          }
        : null;
    }
    return this.#state;
  }

  /** A fresh comparison (a new cell, or a failed one asked again with other content). */
  create(state: ComparisonState): void {
    this.#ensureSchema();
    if (Object.keys(this.answers()).length > 0) this.#sql.exec("DELETE FROM answer");
    this.#sql.exec(
      `INSERT OR REPLACE INTO comparison (singleton, cell_id, run_id, status, content_digest, request, error, usage, created_at, started_at, completed_at, attempts)
       VALUES (1, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, 0)`,
      state.cellId,
      state.runId,
      state.status,
      state.contentDigest,
      encodeRequest(state.request),
      JSON.stringify(state.usage),
      state.createdAt,
    );
    this.#state = state;
    this.#answers = {};
  }

  markScoring(startedAt: number): void {
    this.#sql.exec("UPDATE comparison SET status = 'scoring', error = NULL, started_at = ?, attempts = attempts + 1 WHERE singleton = 1", startedAt);
    const state = this.load()!;
    this.#state = { ...state, status: "scoring", error: null, startedAt, attempts: state.attempts + 1 };
  }

  /** Records the answers of one call of one order, and the usage so far, durably before the next await. */
  recordAnswers(order: Order, answers: Record<string, PreferenceAnswer>, usage: CostedUsage): void {
    for (const [dimension, { prefer, rationale }] of Object.entries(answers)) {
      this.#sql.exec("INSERT OR REPLACE INTO answer (ord, dimension, prefer, rationale) VALUES (?, ?, ?, ?)", order, dimension, prefer, rationale);
    }
    this.#sql.exec("UPDATE comparison SET usage = ? WHERE singleton = 1", JSON.stringify(usage));
    const all = this.answers();
    for (const [dimension, answer] of Object.entries(answers)) all[dimension] = { ...all[dimension], [order]: answer };
    this.#state = { ...this.load()!, usage };
  }

  answers(): Answers {
    if (this.#answers === undefined) {
      const answers: Answers = {};
      if (this.#ready) {
        for (const row of this.#sql.exec<Row>("SELECT * FROM answer")) {
          const order = String(row.ord) as Order;
          const dimension = String(row.dimension);
          answers[dimension] = { ...answers[dimension], [order]: { prefer: String(row.prefer) as Preference, rationale: String(row.rationale) } };
        }
      }
      this.#answers = answers;
    }
    return this.#answers;
  }

  /** Answered (order, dimension) pairs. */
  answeredCount(): number {
    let count = 0;
    for (const answer of Object.values(this.answers())) count += (answer.ab ? 1 : 0) + (answer.ba ? 1 : 0);
    return count;
  }

  finish(status: "completed" | "failed", error: ComparisonError | null, completedAt: number): void {
    this.#sql.exec("UPDATE comparison SET status = ?, error = ?, completed_at = ? WHERE singleton = 1", status, error ? JSON.stringify(error) : null, completedAt);
    this.#state = { ...this.load()!, status, error, completedAt };
  }

  /**
   * The budget of the request that started (or retried) the comparison, in the counter table (micro-
   * dollars) so that objects made by earlier builds need no new table; a resumed run keeps to it.
   */
  setBudget(budgetUsd: number): void {
    this.#sql.exec("INSERT INTO counter (name, value) VALUES ('budget_micro_usd', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", Math.round(budgetUsd * 1e6));
  }

  /** The stored budget (USD), or null for a comparison of an earlier build. */
  budgetUsd(): number | null {
    if (!this.#ready) return null;
    const row = this.#sql.exec<Row>("SELECT value FROM counter WHERE name = 'budget_micro_usd'").toArray()[0];
    return row ? Number(row.value) / 1e6 : null;
  }

  currentSeq(): number {
    if (!this.#ready) return 0;
    const row = this.#sql.exec<Row>("SELECT value FROM counter WHERE name = 'seq'").toArray()[0];
    return row ? Number(row.value) : 0;
  }

  nextSeq(): number {
    this.#ensureSchema();
    return Number(this.#sql.exec<Row>("INSERT INTO counter (name, value) VALUES ('seq', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value").one().value);
  }
}
