import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { primaryCodeName } from "../../scripts/libsql/error-codes.ts";
import { localLibsql, type LocalLibsql } from "../support/local-libsql.ts";

/**
 * Errors carry the code name sqld (and so Turso) sends: the primary result code of the engine's
 * error, never the extended one, whichever way the statement reached the server.
 */

let db: LocalLibsql;
let client: Client;
let tableNumber = 0;

beforeAll(async () => {
  db = await localLibsql();
  client = db.client();
});
afterAll(() => db.dispose());

/** A fresh pair of tables per test, so no test sees another's rows. */
async function freshTables(): Promise<{ parent: string; child: string }> {
  tableNumber += 1;
  const parent = `parent_${tableNumber}`;
  const child = `child_${tableNumber}`;
  await client.executeMultiple(`
    CREATE TABLE ${parent} (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, qty INTEGER CHECK (qty >= 0));
    CREATE TABLE ${child} (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES ${parent}(id));
    INSERT INTO ${parent} (id, name, qty) VALUES (1, 'first', 1);
  `);
  return { parent, child };
}

const violations: Record<string, (tables: { parent: string; child: string }) => string> = {
  "primary key": ({ parent }) => `INSERT INTO ${parent} (id, name, qty) VALUES (1, 'other', 1)`,
  unique: ({ parent }) => `INSERT INTO ${parent} (id, name, qty) VALUES (2, 'first', 1)`,
  "not null": ({ parent }) => `INSERT INTO ${parent} (id, name, qty) VALUES (3, NULL, 1)`,
  "foreign key": ({ child }) => `INSERT INTO ${child} (id, parent_id) VALUES (1, 999)`,
  check: ({ parent }) => `INSERT INTO ${parent} (id, name, qty) VALUES (4, 'negative', -1)`,
};

/** The ways a statement reaches the server through the client, each failing with the client's error. */
const paths: Record<string, (sql: string) => Promise<unknown>> = {
  execute: (sql) => client.execute(sql),
  "batch (write)": (sql) => client.batch(["SELECT 1", sql], "write"),
  sequence: (sql) => client.executeMultiple(`SELECT 1; ${sql};`),
  "interactive transaction": async (sql) => {
    const tx = await client.transaction("write");
    try {
      await tx.execute(sql);
    } finally {
      tx.close();
    }
  },
};

async function errorOf(work: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error("the statement was expected to fail");
}

describe("constraint violations", () => {
  const cases = Object.keys(violations).flatMap((kind) => Object.keys(paths).map((path) => [kind, path] as const));

  it.each(cases)("a %s violation through %s is SQLITE_CONSTRAINT with the engine's message", async (kind, path) => {
    const tables = await freshTables();
    const error = await errorOf(paths[path]!(violations[kind]!(tables)));
    expect(error.code).toBe("SQLITE_CONSTRAINT");
    expect(error.message).toMatch(/constraint failed/);
    const rows = await client.execute(`SELECT count(*) AS n FROM ${tables.parent}`);
    expect(rows.rows[0]?.n).toBe(1n);
  });
});

describe("busy and read-only", () => {
  it("a write in a transaction whose snapshot another writer has passed is SQLITE_BUSY", async () => {
    const { parent } = await freshTables();
    const stale = await client.transaction("deferred");
    try {
      await stale.execute(`SELECT count(*) FROM ${parent}`);
      await db.client().execute(`INSERT INTO ${parent} (id, name, qty) VALUES (10, 'meanwhile', 1)`);
      // The engine says SQLITE_BUSY_SNAPSHOT here; sqld reports the primary code.
      const error = await errorOf(stale.execute(`INSERT INTO ${parent} (id, name, qty) VALUES (11, 'stale', 1)`));
      expect(error.code).toBe("SQLITE_BUSY");
      await stale.rollback();
    } finally {
      stale.close();
    }
    // The connection that failed is not handed to the next stream: writes and fresh reads work.
    for (let id = 20; id < 24; id++) await client.execute(`INSERT INTO ${parent} (id, name, qty) VALUES (${id}, 'after ${id}', 1)`);
    const rows = await client.execute(`SELECT count(*) AS n FROM ${parent}`);
    expect(rows.rows[0]?.n).toBe(6n);
  });

  it("a write in a read batch is SQLITE_READONLY", async () => {
    const { parent } = await freshTables();
    const error = await errorOf(client.batch([`INSERT INTO ${parent} (id, name, qty) VALUES (12, 'x', 1)`], "read"));
    expect(error.code).toBe("SQLITE_READONLY");
  });

  it("a write in a read transaction is SQLITE_READONLY", async () => {
    const { parent } = await freshTables();
    const tx = await client.transaction("read");
    try {
      const error = await errorOf(tx.execute(`INSERT INTO ${parent} (id, name, qty) VALUES (13, 'x', 1)`));
      expect(error.code).toBe("SQLITE_READONLY");
    } finally {
      tx.close();
    }
  });
});

describe("primaryCodeName", () => {
  it.each([
    ["SQLITE_CONSTRAINT_PRIMARYKEY", 1555, "SQLITE_CONSTRAINT"],
    ["SQLITE_READONLY_DBMOVED", 1032, "SQLITE_READONLY"],
    ["SQLITE_IOERR_SHORT_READ", 522, "SQLITE_IOERR"],
    ["SQLITE_BUSY_SNAPSHOT", undefined, "SQLITE_BUSY"],
    ["SQLITE_CANTOPEN_ISDIR", undefined, "SQLITE_CANTOPEN"],
    ["SQLITE_ERROR", 1, "SQLITE_ERROR"],
    ["SQLITE_AUTH", 23, "SQLITE_AUTH"],
    ["ARGS_INVALID", undefined, "ARGS_INVALID"],
  ] as const)("%s (raw %s) is %s", (code, raw, expected) => {
    expect(primaryCodeName(code, raw)).toBe(expected);
  });
});
