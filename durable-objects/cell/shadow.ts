import { cellIdentity, sha256Hex } from "../../src/cells/identity.ts";
import { configOf } from "../../src/config.ts";
import { createDatabase } from "../../src/db/client.ts";
import { recordShadow } from "../../src/db/shadows.ts";
import { isShadowed } from "../../src/evaluation/drift.ts";
import { cellStub } from "../../src/objects/cell.ts";
import { formatRubricRef, builtInRubric } from "../../src/rubrics/ref.ts";
import { cellTenant } from "./schema.ts";
import type { CellState } from "./store.ts";

/**
 * The shadow judgment of a cell (JUDGE_SHADOW): once the default profile's judgment is done and its
 * reply has left, the candidate profile judges the same request in the candidate's own cell of the
 * same tenant (exactly once, as any cell), and the pair is linked in Turso for the drift report. The pending shadow is a row
 * of this cell's SQLite, so a crash or a failure is retried from the cell's alarm, with backoff.
 */

type Row = Record<string, SqlStorageValue>;

/** Attempts before a shadow is given up (the client's judgment never depended on it). */
const MAX_ATTEMPTS = 8;
const BACKOFF_MS = 2_000;

export class CellShadow {
  readonly #sql: SqlStorage;
  readonly #env: Env;
  /** When the next pending shadow is due (null: none), known once read: this object is the only writer. */
  #due: number | null | undefined;

  /** `neverWritten`: the cell had no tables when opened, so no shadow is pending until `begin` records one. */
  constructor(sql: SqlStorage, env: Env, neverWritten = false) {
    this.#sql = sql;
    this.#env = env;
    if (neverWritten) this.#due = null;
  }

  /** Records a shadow to run when this completed judgment is of the default profile and its id is sampled. */
  async begin(state: CellState): Promise<boolean> {
    const shadow = configOf(this.#env).shadow;
    if (!shadow || state.status !== "completed" || state.request.judge.profile !== "default") return false;
    if (!isShadowed(await sha256Hex(state.cellId), shadow.sample)) return false;
    this.#sql.exec("INSERT OR IGNORE INTO shadow (profile, status, next_at) VALUES (?, 'pending', ?)", shadow.candidate, Date.now());
    this.#due = undefined;
    return true;
  }

  /** When the next pending shadow is due, or null. */
  due(): number | null {
    if (this.#due === undefined) {
      const exists = this.#sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shadow'").toArray().length > 0;
      const row = exists ? this.#sql.exec<Row>("SELECT MIN(next_at) AS due FROM shadow WHERE status = 'pending'").one() : null;
      this.#due = row?.due === null || row?.due === undefined ? null : Number(row.due);
    }
    return this.#due;
  }

  /** Runs the shadows that are due; never throws (a failure is retried later). */
  async runDue(state: CellState | null): Promise<void> {
    const due = this.due();
    if (!state || due === null || due > Date.now()) return;
    for (const row of this.#sql.exec<Row>("SELECT profile, attempts FROM shadow WHERE status = 'pending' AND next_at <= ?", Date.now()).toArray()) {
      const profile = String(row.profile);
      try {
        const outcome = await this.#judge(state, profile);
        if (outcome === "done") this.#sql.exec("UPDATE shadow SET status = 'done', last_error = NULL WHERE profile = ?", profile);
        else this.#retry(profile, Number(row.attempts), outcome);
      } catch (error) {
        this.#retry(profile, Number(row.attempts), String(error));
      }
    }
    this.#due = undefined;
  }

  #retry(profile: string, attempts: number, error: string): void {
    const status = attempts + 1 >= MAX_ATTEMPTS ? "abandoned" : "pending";
    this.#sql.exec(
      "UPDATE shadow SET attempts = attempts + 1, status = ?, next_at = ?, last_error = ? WHERE profile = ?",
      status,
      Date.now() + BACKOFF_MS * 2 ** attempts,
      error.slice(0, 300),
      profile,
    );
  }

  /** "done", or why not yet. */
  async #judge(state: CellState, profileName: string): Promise<"done" | string> {
    const config = configOf(this.#env);
    const profile = config.profiles[profileName];
    if (!profile) return `candidate profile ${profileName} is no longer configured`;
    const { request } = state;
    const ref = formatRubricRef(request.rubric);
    const { cellId, contentDigest } = await cellIdentity({ content: request.content, context: request.context, reality: request.reality, rubric: request.rubric, profile });
    this.#sql.exec("UPDATE shadow SET candidate_cell_id = ? WHERE profile = ?", cellId, profileName);
    const tenant = cellTenant(state);
    const reply = await cellStub(this.#env, tenant, cellId).submit({
      tenant,
      cellId,
      contentDigest,
      content: request.content,
      context: request.context,
      reality: request.reality,
      rubric: builtInRubric(ref) ? ref : request.rubric,
      profile: profile.name,
      budgetUsd: config.budgetUsd,
      waitMs: config.waitMs,
      receivedAt: Date.now(),
    });
    if (reply.kind === "refused") return `the candidate's cell refused: ${reply.refusal.reason}`;
    if (reply.status !== "completed") return `the candidate's judgment is ${reply.status}`;
    await recordShadow(createDatabase(config), { tenant, cellId: state.cellId, candidateProfile: profileName, candidateCellId: cellId, createdAt: Date.now() });
    return "done";
  }
}
