import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
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

/** Every table of a cell's SQLite with its columns and primary key, as SQLite describes them. */
function schemaOf(sql: SqlStorage): Record<string, unknown[]> {
  const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").toArray();
  return Object.fromEntries(tables.map(({ name }) => [name, sql.exec(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${name}')`).toArray()]));
}

const versionOf = (cellId: string) => runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => cellSchemaVersion(state.storage.sql));

describe("a cell's versioned SQLite schema", () => {
  it("writes a new cell at the latest version", async () => {
    const { cellId } = await judgedCell("schema-new");
    expect(await versionOf(cellId)).toBe(CELL_MIGRATIONS.length);
  });

  it("creates a new cell's schema at once, the same as the migrations build step by step", async () => {
    const fresh = await runInDurableObject(neverAsked("schema-fresh"), (_, state) => {
      migrateCell(state.storage.sql);
      return { schema: schemaOf(state.storage.sql), version: cellSchemaVersion(state.storage.sql) };
    });
    const stepwise = await runInDurableObject(neverAsked("schema-stepwise"), (_, state) => {
      migrateCell(state.storage.sql, CELL_MIGRATIONS, { stepwise: true });
      return { schema: schemaOf(state.storage.sql), version: cellSchemaVersion(state.storage.sql) };
    });
    expect(Object.keys(fresh.schema)).toContain("juror_dimension");
    expect(fresh).toEqual(stepwise);
    expect(fresh.version).toBe(CELL_MIGRATIONS.length);
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
