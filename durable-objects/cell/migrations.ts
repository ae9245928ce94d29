/**
 * The cell's SQLite schema as an ordered list of migrations: entry i brings a cell from version i to
 * i + 1. Cells never expire, so a cell written by any earlier build must open in this one: entries are
 * never edited or reordered, only appended. The version is kept in a table of its own because a
 * Durable Object's SQLite refuses `PRAGMA user_version` (SQLITE_AUTH; the statements it allows are
 * listed at https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/).
 */
export const CELL_MIGRATIONS: readonly string[] = [
  // 1: the judgment, the dimensions scored so far, the stream frame counter and the outbox of states
  // not yet pushed to Turso. `IF NOT EXISTS`: cells written before versioning have these tables at 0.
  `CREATE TABLE IF NOT EXISTS cell (
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
);`,
  // 2: the shadow judgment of this cell by a candidate profile (JUDGE_SHADOW), until it is linked in Turso.
  `CREATE TABLE IF NOT EXISTS shadow (
  profile TEXT PRIMARY KEY,
  candidate_cell_id TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT
);`,
  // 3: probability-weighted scores record the sampled number and how the score was made; a panel keeps
  // each juror's status and usage, and every (juror, dimension) outcome as it lands.
  `ALTER TABLE dimension ADD COLUMN raw_score REAL;
ALTER TABLE dimension ADD COLUMN scoring TEXT;
CREATE TABLE juror (
  name TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  usage TEXT NOT NULL,
  error TEXT
);
CREATE TABLE juror_dimension (
  juror TEXT NOT NULL,
  dimension TEXT NOT NULL,
  status TEXT NOT NULL,
  score REAL,
  rationale TEXT,
  error TEXT,
  raw_score REAL,
  scoring TEXT,
  PRIMARY KEY (juror, dimension)
);`,
  // 4: the budget the request that started (or retried) the judgment gave it, so a resumed run keeps
  // to it; null in cells of earlier builds (they resume under the server's maximum).
  `ALTER TABLE cell ADD COLUMN budget_usd REAL;`,
];

const VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), version INTEGER NOT NULL)";

/** The version a cell's SQLite is at (0: never written, or written before versioning). */
export function cellSchemaVersion(sql: SqlStorage): number {
  const table = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").toArray();
  if (table.length === 0) return 0;
  const row = sql.exec<{ version: number }>("SELECT version FROM schema_version WHERE singleton = 1").toArray()[0];
  return row ? Number(row.version) : 0;
}

/**
 * Runs the migrations a cell has not had yet, in order, each with its version stamp; synchronous, so
 * they commit together before the object serves anything.
 */
export function migrateCell(sql: SqlStorage, migrations: readonly string[] = CELL_MIGRATIONS): void {
  const current = cellSchemaVersion(sql);
  if (current >= migrations.length) return;
  sql.exec(VERSION_TABLE);
  for (let version = current; version < migrations.length; version += 1) {
    sql.exec(migrations[version]!);
    sql.exec(
      "INSERT INTO schema_version (singleton, version) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET version = excluded.version",
      version + 1,
    );
  }
}
