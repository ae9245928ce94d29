/**
 * What the Worker and the cells see of the outbox ledger (durable-objects/ledger/): which cells still
 * have a judgment to push to Turso. One instance, named "global".
 */

export interface LedgerEntry {
  /** The cell's object name (src/security/tenant.ts `tenantObjectName`): its tenant and id. */
  cell: string;
  since: number;
  attempts: number;
}

/** The single ledger instance. */
export function outboxLedger(env: Env) {
  return env.OUTBOX_LEDGER.get(env.OUTBOX_LEDGER.idFromName("global"));
}
