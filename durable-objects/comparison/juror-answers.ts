import { jurorRecordsOf, type JurorRecord } from "../../src/cells/jury-view.ts";
import { ZERO_COST, type CostedUsage } from "../../src/judge/cost.ts";
import type { Order, Preference, PreferenceAnswer } from "../../src/judge/comparison/outcome.ts";
import type { Answers } from "./store.ts";

/**
 * A panel comparison's jurors in the comparison object's SQLite (tables `juror_answer` and `juror`,
 * made by ./store.ts): every (juror, order, dimension) answer as it lands, and each juror's status,
 * usage and error. Only answered pairs are stored, so a restarted object asks each juror for exactly
 * its missing pairs. The only writer, so what it wrote is kept in memory.
 */

type Row = Record<string, SqlStorageValue>;

export class ComparisonJurorStore {
  readonly #sql: SqlStorage;
  #answers: Record<string, Answers> | undefined;
  #records: Record<string, JurorRecord> | undefined;
  /** Writes so far: the run's watchdog reads progress from it. */
  writes = 0;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  #hasTables(): boolean {
    return this.#sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'juror'").toArray().length > 0;
  }

  /** Every juror's answers, by juror then dimension then order (read-only). */
  answers(): Record<string, Answers> {
    if (this.#answers === undefined) {
      const answers: Record<string, Answers> = {};
      if (this.#hasTables()) {
        for (const row of this.#sql.exec<Row>("SELECT * FROM juror_answer")) {
          const byDimension = (answers[String(row.juror)] ??= {});
          const dimension = String(row.dimension);
          byDimension[dimension] = { ...byDimension[dimension], [String(row.ord) as Order]: { prefer: String(row.prefer) as Preference, rationale: String(row.rationale) } };
        }
      }
      this.#answers = answers;
    }
    return this.#answers;
  }

  /** Every juror's status, usage and error (read-only). */
  records(): Record<string, JurorRecord> {
    this.#records ??= this.#hasTables() ? jurorRecordsOf(this.#sql.exec<Row>("SELECT * FROM juror")) : {};
    return this.#records;
  }

  /** Answered (juror, order, dimension) triples. */
  answeredCount(): number {
    let count = 0;
    for (const byDimension of Object.values(this.answers())) for (const answer of Object.values(byDimension)) count += (answer.ab ? 1 : 0) + (answer.ba ? 1 : 0);
    return count;
  }

  /** Forgets every juror (the comparison was replaced by one of another pair). */
  clear(): void {
    if (this.#hasTables()) this.#sql.exec("DELETE FROM juror_answer; DELETE FROM juror;");
    this.#answers = {};
    this.#records = {};
  }

  /** A (re)started panel: every juror is comparing again, keeping its answers and its usage. */
  startComparing(jurors: readonly string[]): void {
    const records = this.records();
    for (const juror of jurors) {
      const usage = records[juror]?.usage ?? ZERO_COST;
      this.#sql.exec("INSERT OR REPLACE INTO juror (name, status, usage, error) VALUES (?, 'scoring', ?, NULL)", juror, JSON.stringify(usage));
      records[juror] = { status: "scoring", usage, error: null };
    }
    this.writes += 1;
  }

  /** Records one juror's call of one order and its running usage. */
  recordAnswers(juror: string, order: Order, answers: Readonly<Record<string, PreferenceAnswer>>, usage: CostedUsage): void {
    for (const [dimension, { prefer, rationale }] of Object.entries(answers)) {
      this.#sql.exec("INSERT OR REPLACE INTO juror_answer (juror, ord, dimension, prefer, rationale) VALUES (?, ?, ?, ?, ?)", juror, order, dimension, prefer, rationale);
    }
    this.#sql.exec("UPDATE juror SET usage = ? WHERE name = ?", JSON.stringify(usage), juror);
    const byDimension = (this.answers()[juror] ??= {});
    for (const [dimension, answer] of Object.entries(answers)) byDimension[dimension] = { ...byDimension[dimension], [order]: answer };
    const records = this.records();
    records[juror] = { ...(records[juror] ?? { status: "scoring", error: null }), usage };
    this.writes += 1;
  }

  /** A juror is done: `completed`, or `failed` with why. */
  finishJuror(juror: string, status: "completed" | "failed", error: JurorRecord["error"]): void {
    this.#sql.exec("UPDATE juror SET status = ?, error = ? WHERE name = ?", status, error ? JSON.stringify(error) : null, juror);
    const records = this.records();
    records[juror] = { ...(records[juror] ?? { usage: ZERO_COST }), status, error };
    this.writes += 1;
  }
}
