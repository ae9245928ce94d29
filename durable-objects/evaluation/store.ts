import type { EvaluationReport } from "../../src/evaluation/report.ts";
import type { EvaluationRequest } from "../../src/schemas/evaluation.ts";

/**
 * An evaluation's own SQLite: its request, one row per labelled item with what its cell answered, and
 * the report once every item is settled. Items are written once at the start, so a crash loses nothing
 * and a restarted object picks up the items still pending.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS evaluation (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  evaluation_id TEXT NOT NULL,
  settings TEXT NOT NULL,
  status TEXT NOT NULL,
  report TEXT,
  created_at INTEGER NOT NULL,
  completed_at INTEGER
);
CREATE TABLE IF NOT EXISTS item (
  idx INTEGER PRIMARY KEY,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  result TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS item_due ON item (status, next_at);`;

/** The request but its items, and whose evaluation it is (absent before tenants: the open tenant's). */
export type EvaluationSettings = Omit<EvaluationRequest, "items"> & { tenant?: string | undefined };
export type EvaluationItem = EvaluationRequest["items"][number];

/** What an item's cell answered: the figures the report needs, or why there are none. */
export type ItemResult =
  | { kind: "score"; q_score: number; verdict: "HOWL" | "WAG" | "GROWL" | "BARK" }
  | { kind: "pair"; winner: "a" | "b" | "tie"; position_consistency: number | null }
  | { kind: "failed"; code: string; message: string };

export interface StoredItem {
  index: number;
  item: EvaluationItem;
  status: "pending" | "done" | "failed";
  result: ItemResult | null;
  attempts: number;
}

export interface EvaluationHeader {
  evaluationId: string;
  settings: EvaluationSettings;
  status: "running" | "completed";
  report: EvaluationReport | null;
  createdAt: number;
  completedAt: number | null;
}

type Row = Record<string, SqlStorageValue>;

function decodeItem(row: Row): StoredItem {
  return {
    index: Number(row.idx),
    item: JSON.parse(String(row.payload)) as EvaluationItem,
    status: String(row.status) as StoredItem["status"],
    result: row.result === null ? null : (JSON.parse(String(row.result)) as ItemResult),
    attempts: Number(row.attempts),
  };
}

export class EvaluationStore {
  readonly #sql: SqlStorage;
  #ready: boolean;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    this.#ready = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'evaluation'").toArray().length > 0;
  }

  /** Stores a new evaluation and all its items at once; false when this evaluation already exists. */
  create(evaluationId: string, tenant: string, request: EvaluationRequest, createdAt: number): boolean {
    if (!this.#ready) {
      this.#sql.exec(SCHEMA);
      this.#ready = true;
    }
    if (this.header()) return false;
    const { items, ...asked } = request;
    const settings: EvaluationSettings = { ...asked, tenant };
    this.#sql.exec("INSERT INTO evaluation (singleton, evaluation_id, settings, status, created_at) VALUES (1, ?, ?, 'running', ?)", evaluationId, JSON.stringify(settings), createdAt);
    items.forEach((item, index) => this.#sql.exec("INSERT INTO item (idx, payload, status) VALUES (?, ?, 'pending')", index, JSON.stringify(item)));
    return true;
  }

  header(): EvaluationHeader | null {
    if (!this.#ready) return null;
    const row = this.#sql.exec<Row>("SELECT * FROM evaluation WHERE singleton = 1").toArray()[0];
    if (!row) return null;
    return {
      evaluationId: String(row.evaluation_id),
      settings: JSON.parse(String(row.settings)) as EvaluationSettings,
      status: String(row.status) as EvaluationHeader["status"],
      report: row.report === null ? null : (JSON.parse(String(row.report)) as EvaluationReport),
      createdAt: Number(row.created_at),
      completedAt: row.completed_at === null ? null : Number(row.completed_at),
    };
  }

  counts(): { total: number; done: number; failed: number } {
    const row = this.#sql.exec<Row>("SELECT COUNT(*) AS total, SUM(status = 'done') AS done, SUM(status = 'failed') AS failed FROM item").one();
    return { total: Number(row.total), done: Number(row.done ?? 0), failed: Number(row.failed ?? 0) };
  }

  settle(index: number, status: "done" | "failed", result: ItemResult): void {
    this.#sql.exec("UPDATE item SET status = ?, result = ?, attempts = attempts + 1 WHERE idx = ?", status, JSON.stringify(result), index);
  }

  all(): StoredItem[] {
    return this.#sql.exec<Row>("SELECT * FROM item ORDER BY idx").toArray().map(decodeItem);
  }

  complete(report: EvaluationReport, completedAt: number): void {
    this.#sql.exec("UPDATE evaluation SET status = 'completed', report = ?, completed_at = ? WHERE singleton = 1", JSON.stringify(report), completedAt);
  }
}
