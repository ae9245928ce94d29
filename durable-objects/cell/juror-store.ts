import { juryView, jurorRecordOf, type JurorRecord, type JuryView, type StoredPanel } from "../../src/cells/jury-view.ts";
import type { CostedUsage } from "../../src/judge/cost.ts";
import type { MemberStatus } from "../../src/judge/jury/panel-result.ts";
import type { DimensionOutcome, Rubric } from "../../src/judge/types.ts";
import { decodeDimension, DIMENSION_COLUMNS_FROM_JSON, encodeDimensions, type Row } from "./schema.ts";

/**
 * A panel cell's jurors in the cell's own SQLite (tables `juror` and `juror_dimension`, made by
 * ./migrations.ts): every (juror, dimension) outcome as it lands, and each juror's status, usage and error. Like CellStore it is the only writer and keeps what it wrote
 * in memory; every write is synchronous, so a restarted object knows exactly which pairs are missing.
 */

const INSERT_OUTCOMES = `INSERT OR REPLACE INTO juror_dimension (juror, dimension, status, score, rationale, error, raw_score, scoring)
SELECT ?, ${DIMENSION_COLUMNS_FROM_JSON} FROM json_each(?)`;
/** Jurors' rows in one statement, from a JSON array of `{name, status, usage, error}` (usage and error as JSON text). */
const WRITE_JURORS = `INSERT OR REPLACE INTO juror (name, status, usage, error)
SELECT json_extract(value, '$.name'), json_extract(value, '$.status'), json_extract(value, '$.usage'), json_extract(value, '$.error') FROM json_each(?)`;
const NO_USAGE: CostedUsage = { llm_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };

export class JurorStore {
  readonly #sql: SqlStorage;
  #ready = false;
  #outcomes: Record<string, Record<string, DimensionOutcome>> | undefined;
  #records: Record<string, JurorRecord> | undefined;
  /** The derived view, until the next write: the run's result, the reply and the push share one. */
  #view: { rubric: Rubric; panel: StoredPanel; view: JuryView } | undefined;
  /** Jurors finished in memory whose rows still say `scoring` (see finishJuror). */
  readonly #finished = new Set<string>();

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** The cell's schema is made (and migrated) by CellStore on its first write, before any juror's. */
  #hasTables(): boolean {
    if (this.#ready) return true;
    this.#ready = this.#sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'juror'").toArray().length > 0;
    return this.#ready;
  }

  /** Every juror's recorded outcomes, by juror then dimension (read-only). */
  outcomes(): Record<string, Record<string, DimensionOutcome>> {
    if (this.#outcomes === undefined) {
      const outcomes: Record<string, Record<string, DimensionOutcome>> = {};
      if (this.#hasTables()) {
        for (const row of this.#sql.exec<Row>("SELECT * FROM juror_dimension")) (outcomes[String(row.juror)] ??= {})[String(row.dimension)] = decodeDimension(row);
      }
      this.#outcomes = outcomes;
    }
    return this.#outcomes;
  }

  /** Every juror's status, usage and error (read-only). */
  records(): Record<string, JurorRecord> {
    if (this.#records === undefined) {
      const records: Record<string, JurorRecord> = {};
      if (this.#hasTables()) {
        for (const row of this.#sql.exec<Row>("SELECT * FROM juror")) {
          records[String(row.name)] = jurorRecordOf(row);
        }
      }
      this.#records = records;
    }
    return this.#records;
  }

  /** The jury block and each dimension's juror scores, derived from what is stored (see juryView). */
  view(rubric: Rubric, panel: StoredPanel): JuryView {
    const cached = this.#view;
    if (cached?.rubric === rubric && cached.panel === panel) return cached.view;
    const view = juryView(rubric, panel, this.outcomes(), this.records());
    this.#view = { rubric, panel, view };
    return view;
  }

  /** Forgets every juror (the cell's judgment was replaced by one of other content). */
  clear(): void {
    this.#view = undefined;
    if (this.#hasTables()) this.#sql.exec("DELETE FROM juror_dimension; DELETE FROM juror;");
    this.#outcomes = {};
    this.#records = {};
    this.#finished.clear();
  }

  /** A (re)started panel: failed pairs are forgotten so they are asked again; every juror is scoring. */
  startScoring(jurors: readonly string[]): void {
    this.#view = undefined;
    const outcomes = this.outcomes();
    // A first run has nothing recorded: no DELETE to make.
    if (Object.values(outcomes).some((byDimension) => Object.values(byDimension).some((outcome) => outcome.status === "failed"))) {
      this.#sql.exec("DELETE FROM juror_dimension WHERE status = 'failed'");
    }
    for (const juror of Object.keys(outcomes)) {
      outcomes[juror] = Object.fromEntries(Object.entries(outcomes[juror]!).filter(([, outcome]) => outcome.status === "scored"));
    }
    const records = this.records();
    for (const juror of jurors) records[juror] = { status: "scoring", usage: records[juror]?.usage ?? NO_USAGE, error: null };
    this.#writeJurors(jurors);
  }

  /** Jurors' rows as they stand in memory, in one statement. */
  #writeJurors(jurors: readonly string[]): void {
    const records = this.records();
    const rows = jurors.map((name) => {
      const { status, usage, error } = records[name]!;
      return { name, status, usage: JSON.stringify(usage), error: error ? JSON.stringify(error) : null };
    });
    this.#sql.exec(WRITE_JURORS, JSON.stringify(rows));
  }

  /** Records one juror's finished batch and its running usage. */
  recordBatch(juror: string, outcomes: Record<string, DimensionOutcome>, usage: CostedUsage): void {
    this.#view = undefined;
    if (Object.keys(outcomes).length > 0) this.#sql.exec(INSERT_OUTCOMES, juror, encodeDimensions(outcomes));
    this.#sql.exec("UPDATE juror SET usage = ? WHERE name = ?", JSON.stringify(usage), juror);
    const all = this.outcomes();
    all[juror] = { ...all[juror], ...outcomes };
    const records = this.records();
    records[juror] = { ...(records[juror] ?? { status: "scoring", error: null }), usage };
  }

  /**
   * A juror is done: `completed`, or `failed` with why. Readers see it at once (they read this store's
   * memory); its row is written with the others' by `saveFinished`, in the turn that ends the panel.
   * Until then the row says `scoring`, which is what a restart needs: a resumed panel runs every juror
   * again, and one whose pairs are all recorded asks nothing.
   */
  finishJuror(juror: string, status: "completed" | "failed", error: JurorRecord["error"]): void {
    this.#view = undefined;
    const records = this.records();
    records[juror] = { ...(records[juror] ?? { usage: NO_USAGE }), status, error };
    this.#finished.add(juror);
  }

  /** Writes the rows of the jurors finished since the last call, in one statement. */
  saveFinished(): void {
    if (this.#finished.size === 0) return;
    this.#writeJurors([...this.#finished]);
    this.#finished.clear();
  }
}
