import { DurableObject } from "cloudflare:workers";
import type { LedgerEntry } from "../../src/objects/ledger.ts";

/**
 * Which cells hold judgments not yet pushed to Turso. Turso cannot answer that itself (it is what is
 * down), and asking every cell is impossible, so cells report here — only when a push fails and when a
 * failed push later lands, so the normal path costs nothing. One instance, named "global".
 */
export class OutboxLedger extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS pending (cell_id TEXT PRIMARY KEY, since INTEGER NOT NULL, attempts INTEGER NOT NULL)",
    );
  }

  /** Records that a cell's push failed (again) or landed; `cellId` is the cell's object name. */
  async report(cellId: string, pending: boolean, attempts = 1): Promise<void> {
    if (pending) {
      this.ctx.storage.sql.exec(
        `INSERT INTO pending (cell_id, since, attempts) VALUES (?, ?, ?)
         ON CONFLICT (cell_id) DO UPDATE SET attempts = excluded.attempts`,
        cellId,
        Date.now(),
        attempts,
      );
    } else {
      this.ctx.storage.sql.exec("DELETE FROM pending WHERE cell_id = ?", cellId);
    }
  }

  async count(): Promise<number> {
    return Number(this.ctx.storage.sql.exec("SELECT COUNT(*) AS n FROM pending").one().n);
  }

  /** Oldest first: the cells reconciliation should nudge. */
  async list(limit = 100): Promise<LedgerEntry[]> {
    return this.ctx.storage.sql
      .exec<{ cell_id: string; since: number; attempts: number }>(
        "SELECT cell_id, since, attempts FROM pending ORDER BY since LIMIT ?",
        limit,
      )
      .toArray()
      .map((row) => ({ cell: row.cell_id, since: row.since, attempts: row.attempts }));
  }
}
