/**
 * The batch object's own SQLite: one `batch` row, one `item` row per item (its request, then its
 * outcome), and one `webhook_attempt` row per delivery attempt. Times are epoch ms.
 */
export const BATCH_SCHEMA = `
CREATE TABLE IF NOT EXISTS batch (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  batch_id TEXT NOT NULL,
  status TEXT NOT NULL,
  total INTEGER NOT NULL,
  budget_usd REAL,
  callback_url TEXT,
  metadata TEXT,
  quota TEXT,
  tenant TEXT,
  created_at INTEGER NOT NULL,
  completed_at INTEGER,
  seq INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  synced_version INTEGER NOT NULL DEFAULT 0,
  webhook_status TEXT,
  webhook_first_at INTEGER,
  webhook_next_at INTEGER,
  webhook_delivered_at INTEGER
);
CREATE TABLE IF NOT EXISTS item (
  idx INTEGER PRIMARY KEY,
  request TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  cell_id TEXT,
  result TEXT,
  q_score REAL,
  verdict TEXT,
  llm_calls INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS item_state_idx ON item (state, idx);
CREATE INDEX IF NOT EXISTS item_cell_idx ON item (cell_id) WHERE cost_usd > 0 OR llm_calls > 0;
CREATE TABLE IF NOT EXISTS webhook_attempt (
  n INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL
);`;

/** An item's state in storage; `queued` and `running` are both `pending` to the API. */
export type ItemState = "queued" | "running" | "completed" | "failed" | "skipped";

export type BatchRow = {
  batch_id: string;
  status: "running" | "completed" | "cancelled";
  total: number;
  budget_usd: number | null;
  callback_url: string | null;
  metadata: string | null;
  quota: string | null;
  /** Absent (undefined) in a batch made before tenants, which is the open tenant's. */
  tenant?: string | null;
  created_at: number;
  completed_at: number | null;
  seq: number;
  version: number;
  synced_version: number;
  webhook_status: "pending" | "delivered" | "failed" | null;
  webhook_first_at: number | null;
  webhook_next_at: number | null;
  webhook_delivered_at: number | null;
};

export type ItemRow = {
  idx: number;
  state: ItemState;
  cell_id: string | null;
  result: string | null;
  /** 1 for a comparison item, 0 for a judgment item. */
  comparison: number;
};
