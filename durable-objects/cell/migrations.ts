import { freshTablesOf } from "./fresh-schema.ts";

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

/** Each list of migrations' one script for a new cell (null: its migrations must run one by one). */
const freshScripts = new WeakMap<readonly string[], string | null>();

/**
 * A new cell's whole schema at the migrations' latest version as one script, its tables derived from
 * the migrations (./fresh-schema.ts). Most cells are new, and creating their tables step by step was the
 * largest single cost of a new judgment's Worker CPU (docs/benchmarks.md).
 */
function freshSchema(migrations: readonly string[]): string | null {
  let script = freshScripts.get(migrations);
  if (script === undefined) {
    const tables = freshTablesOf(migrations);
    script = tables ? [VERSION_TABLE, ...tables, `INSERT INTO schema_version (singleton, version) VALUES (1, ${migrations.length})`].join(";\n") : null;
    freshScripts.set(migrations, script);
  }
  return script;
}

/** The tables that tell a cell's version: none of them means a cell never written. */
function versionTables(sql: SqlStorage): Set<string> {
  const rows = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'cell')").toArray();
  return new Set(rows.map((row) => row.name));
}

function storedVersion(sql: SqlStorage, tables: ReadonlySet<string>): number {
  if (!tables.has("schema_version")) return 0;
  const row = sql.exec<{ version: number }>("SELECT version FROM schema_version WHERE singleton = 1").toArray()[0];
  return row ? Number(row.version) : 0;
}

/** The version a cell's SQLite is at (0: never written, or written before versioning). */
export function cellSchemaVersion(sql: SqlStorage): number {
  return storedVersion(sql, versionTables(sql));
}

export interface MigrateOptions {
  /** Run the migrations one by one even on a cell never written (the test that both ways agree). */
  stepwise?: boolean;
  /** The caller already knows the cell has no tables (its `cell` table is missing): nothing to look up. */
  neverWritten?: boolean;
}

/**
 * Runs the migrations a cell has not had yet, in order, each with its version stamp; synchronous, so
 * they commit together before the object serves anything. A cell never written gets its whole schema
 * at once (freshSchema).
 */
export function migrateCell(sql: SqlStorage, migrations: readonly string[] = CELL_MIGRATIONS, options: MigrateOptions = {}): void {
  const tables = options.neverWritten ? new Set<string>() : versionTables(sql);
  const current = storedVersion(sql, tables);
  if (current >= migrations.length) return;
  const fresh = tables.size === 0 && !options.stepwise ? freshSchema(migrations) : null;
  if (fresh !== null) {
    sql.exec(fresh);
    return;
  }
  sql.exec(VERSION_TABLE);
  for (let version = current; version < migrations.length; version += 1) {
    sql.exec(migrations[version]!);
    sql.exec(
      "INSERT INTO schema_version (singleton, version) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET version = excluded.version",
      version + 1,
    );
  }
}
