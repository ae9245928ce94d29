import { describe, expect, it } from "vitest";
import { freshTablesOf, statementsOf } from "../../durable-objects/cell/fresh-schema.ts";

/** The schema-level agreement with SQLite is checked in the Workers runtime: test/integration/cell-migrations.test.ts. */
describe("a new cell's tables derived from the migrations", () => {
  it("splits a migration at its unquoted semicolons", () => {
    expect(statementsOf("CREATE TABLE a (x TEXT DEFAULT ';');\n\nALTER TABLE a ADD COLUMN y REAL;\n")).toEqual([
      "CREATE TABLE a (x TEXT DEFAULT ';')",
      "ALTER TABLE a ADD COLUMN y REAL",
    ]);
  });

  it("writes each table once, with the columns added to it and without IF NOT EXISTS", () => {
    expect(freshTablesOf(["CREATE TABLE IF NOT EXISTS a (\n  x TEXT\n);", "CREATE TABLE b (y INTEGER)", "ALTER TABLE a ADD COLUMN z REAL"])).toEqual([
      "CREATE TABLE a (\n  x TEXT\n, z REAL)",
      "CREATE TABLE b (y INTEGER)",
    ]);
  });

  it("gives up on anything but creating tables and adding columns: the migrations then run one by one", () => {
    expect(freshTablesOf(["CREATE TABLE a (x TEXT)", "CREATE INDEX a_x ON a (x)"])).toBeUndefined();
    expect(freshTablesOf(["CREATE TABLE a (x TEXT)", "ALTER TABLE a RENAME COLUMN x TO y"])).toBeUndefined();
    expect(freshTablesOf(["ALTER TABLE missing ADD COLUMN x TEXT"])).toBeUndefined();
    expect(freshTablesOf(["CREATE TABLE a (x TEXT)", "CREATE TABLE IF NOT EXISTS a (x TEXT)"])).toBeUndefined();
  });
});
