import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { freshTablesOf } from "../../durable-objects/cell/fresh-schema.ts";
import { CELL_MIGRATIONS, cellSchemaVersion, migrateCell } from "../../durable-objects/cell/migrations.ts";
import { CellStore } from "../../durable-objects/cell/store.ts";
import { cellStub } from "../../src/objects/cell.ts";
import { call, postJson, uniqueName } from "../support/workers/http.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";

/** Judges a new cell and returns its id and its judgment as the API answers it. */
async function judgedCell(prefix: string): Promise<{ cellId: string; text: string }> {
  const cellId = uniqueName(prefix);
  const reply = await postJson("/v1/judgments", { cell_id: cellId, content: `const ${prefix.replaceAll("-", "_")} = 1;` });
  expect(reply.status).toBe(200);
  await reply.arrayBuffer();
  const read = await call(`/v1/judgments/${cellId}`);
  expect(read.status).toBe(200);
  return { cellId, text: await read.text() };
}

/** A cell object nobody asked yet: no tables at all. */
const neverAsked = (prefix: string) => env.CELL.get(env.CELL.idFromName(uniqueName(prefix)));

/** A cell's SQLite schema as sqlite_master holds it (each table's and index's CREATE as stored), but the runtime's own. */
function masterOf(sql: SqlStorage): { type: string; name: string; tbl_name: string; sql: string | null }[] {
  return sql.exec<{ type: string; name: string; tbl_name: string; sql: string | null }>("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '_cf_%' ORDER BY type, name").toArray();
}

const versionOf = (cellId: string) => runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => cellSchemaVersion(state.storage.sql));

describe("a cell's versioned SQLite schema", () => {
  it("writes a new cell at the latest version", async () => {
    const { cellId } = await judgedCell("schema-new");
    expect(await versionOf(cellId)).toBe(CELL_MIGRATIONS.length);
  });

  it("creates a new cell's schema at once, its sqlite_master the same as a migrated old cell's", async () => {
    expect(freshTablesOf(CELL_MIGRATIONS), "the migrations only create tables and add columns").toBeDefined();
    const fresh = await runInDurableObject(neverAsked("schema-fresh"), (_, state) => {
      migrateCell(state.storage.sql);
      return { master: masterOf(state.storage.sql), version: cellSchemaVersion(state.storage.sql) };
    });
    const stepwise = await runInDurableObject(neverAsked("schema-stepwise"), (_, state) => {
      migrateCell(state.storage.sql, CELL_MIGRATIONS, { stepwise: true });
      return { master: masterOf(state.storage.sql), version: cellSchemaVersion(state.storage.sql) };
    });
    // What a build before versioning left: the version-1 tables and no version record.
    const old = await runInDurableObject(neverAsked("schema-old"), (_, state) => {
      state.storage.sql.exec(CELL_MIGRATIONS[0]!);
      migrateCell(state.storage.sql);
      return { master: masterOf(state.storage.sql), version: cellSchemaVersion(state.storage.sql) };
    });
    expect(fresh.master.map((entry) => entry.name)).toContain("juror_dimension");
    expect(fresh.master.find((entry) => entry.name === "cell")?.sql).toContain("budget_usd REAL");
    expect(fresh).toEqual(old);
    expect(fresh).toEqual(stepwise);
    expect(fresh.version).toBe(CELL_MIGRATIONS.length);
  });

  it("derives the one script for columns added after a table constraint, or added twice, as SQLite rewrites them", async () => {
    const migrations = [
      "CREATE TABLE IF NOT EXISTS pair (a TEXT NOT NULL, b TEXT DEFAULT 'x,(y)', PRIMARY KEY (a, b))",
      "ALTER TABLE pair ADD COLUMN c REAL;\nALTER TABLE pair ADD d TEXT CHECK (d <> ')');",
    ];
    const built = (stepwise: boolean) =>
      runInDurableObject(neverAsked("schema-constraint"), (_, state) => {
        migrateCell(state.storage.sql, migrations, { stepwise });
        return masterOf(state.storage.sql);
      });
    const fresh = await built(false);
    expect(fresh.find((entry) => entry.name === "pair")?.sql).toBe(
      "CREATE TABLE pair (a TEXT NOT NULL, b TEXT DEFAULT 'x,(y)', c REAL, d TEXT CHECK (d <> ')'), PRIMARY KEY (a, b))",
    );
    expect(fresh).toEqual(await built(true));
  });

  it("reads a cell written before versioning (the version-1 tables, no version) after migrating it", async () => {
    const { cellId, text } = await judgedCell("schema-unversioned");
    await runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => {
      // What a build before versioning left: the version-1 tables (without the columns and tables versions 3
      // and 4 add) and no version record.
      state.storage.sql.exec(`DROP TABLE juror; DROP TABLE juror_dimension;
        ALTER TABLE dimension DROP COLUMN raw_score; ALTER TABLE dimension DROP COLUMN scoring;
        ALTER TABLE cell DROP COLUMN budget_usd;
        DROP TABLE schema_version`);
    });
    expect(await versionOf(cellId)).toBe(0);
    // A new instance opens the stored cell, as after a deploy.
    await evictDurableObject(cellStub(env, OPEN_TENANT, cellId));
    const read = await call(`/v1/judgments/${cellId}`);
    expect(read.status).toBe(200);
    expect(await read.text()).toBe(text);
    expect(await versionOf(cellId)).toBe(CELL_MIGRATIONS.length);
  });

  it("runs a later migration once on a version-1 cell, its judgment intact", async () => {
    const { cellId } = await judgedCell("schema-later");
    const later = [...CELL_MIGRATIONS, "ALTER TABLE cell ADD COLUMN jury TEXT"];
    await runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => {
      const sql = state.storage.sql;
      const before = new CellStore(sql).load();
      const dimensions = new CellStore(sql).dimensions();
      const migrated = new CellStore(sql, later);
      expect(cellSchemaVersion(sql)).toBe(later.length);
      expect(migrated.load()).toEqual(before);
      expect(migrated.dimensions()).toEqual(dimensions);
      const columns = sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('cell')").toArray().map((row) => row.name);
      expect(columns).toContain("jury");
      // Opening it again runs nothing: a second ALTER of the same column would throw.
      expect(() => new CellStore(sql, later)).not.toThrow();
    });
  });
});
