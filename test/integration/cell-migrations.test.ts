import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CELL_MIGRATIONS, cellSchemaVersion } from "../../durable-objects/cell/migrations.ts";
import { CellStore } from "../../durable-objects/cell/store.ts";
import { cellStub } from "../../src/objects/cell.ts";
import { call, postJson, uniqueName } from "../support/workers/http.ts";

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

const versionOf = (cellId: string) => runInDurableObject(cellStub(env, cellId), (_, state) => cellSchemaVersion(state.storage.sql));

describe("a cell's versioned SQLite schema", () => {
  it("writes a new cell at the latest version", async () => {
    const { cellId } = await judgedCell("schema-new");
    expect(await versionOf(cellId)).toBe(CELL_MIGRATIONS.length);
  });

  it("reads a cell written before versioning (the version-1 tables, no version) after migrating it", async () => {
    const { cellId, text } = await judgedCell("schema-unversioned");
    await runInDurableObject(cellStub(env, cellId), (_, state) => {
      // What a build before versioning left: the version-1 tables (without the columns and tables versions 3
      // and 4 add) and no version record.
      state.storage.sql.exec(`DROP TABLE juror; DROP TABLE juror_dimension;
        ALTER TABLE dimension DROP COLUMN raw_score; ALTER TABLE dimension DROP COLUMN scoring;
        ALTER TABLE cell DROP COLUMN budget_usd;
        DROP TABLE schema_version`);
    });
    expect(await versionOf(cellId)).toBe(0);
    // A new instance opens the stored cell, as after a deploy.
    await evictDurableObject(cellStub(env, cellId));
    const read = await call(`/v1/judgments/${cellId}`);
    expect(read.status).toBe(200);
    expect(await read.text()).toBe(text);
    expect(await versionOf(cellId)).toBe(CELL_MIGRATIONS.length);
  });

  it("runs a later migration once on a version-1 cell, its judgment intact", async () => {
    const { cellId } = await judgedCell("schema-later");
    const later = [...CELL_MIGRATIONS, "ALTER TABLE cell ADD COLUMN jury TEXT"];
    await runInDurableObject(cellStub(env, cellId), (_, state) => {
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
