import { afterEach, describe, expect, it, vi } from "vitest";
import { localLibsql, type LocalLibsql } from "../support/local-libsql.ts";

let db: LocalLibsql | undefined;
afterEach(async () => {
  await db?.dispose();
  db = undefined;
});

async function withTable(options: Parameters<typeof localLibsql>[0] = {}) {
  db = await localLibsql(options);
  const client = db.client();
  await client.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)");
  return { db, client };
}

async function count(client: ReturnType<LocalLibsql["client"]>): Promise<bigint> {
  const result = await client.execute("SELECT count(*) AS n FROM items");
  return result.rows[0]?.n as bigint;
}

describe("batch", () => {
  it.each(["write", "deferred"] as const)("commits every statement in %s mode", async (mode) => {
    const { client } = await withTable();
    const results = await client.batch(
      [{ sql: "INSERT INTO items (name) VALUES (?)", args: ["a"] }, "INSERT INTO items (name) VALUES ('b')", "SELECT name FROM items ORDER BY id"],
      mode,
    );
    expect(results[2]?.rows.map((row) => row.name)).toEqual(["a", "b"]);
    expect(await count(client)).toBe(2n);
  });

  it.each(["write", "deferred"] as const)("rolls everything back in %s mode when one statement fails", async (mode) => {
    const { client } = await withTable();
    await expect(
      client.batch(["INSERT INTO items (name) VALUES ('a')", "INSERT INTO items (name) VALUES ('a')", "INSERT INTO items (name) VALUES ('c')"], mode),
    ).rejects.toThrow(/UNIQUE/);
    expect(await count(client)).toBe(0n);
  });

  it("reads in read mode and refuses writes there", async () => {
    const { client } = await withTable();
    await client.execute("INSERT INTO items (name) VALUES ('x')");
    const [result] = await client.batch(["SELECT name FROM items"], "read");
    expect(result?.rows[0]?.name).toBe("x");
    await expect(client.batch(["INSERT INTO items (name) VALUES ('y')"], "read")).rejects.toThrow();
    expect(await count(client)).toBe(1n);
  });
});

describe("interactive transactions", () => {
  it("commits across several requests", async () => {
    const { client } = await withTable();
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO items (name) VALUES ('a')");
    const inside = await tx.execute("SELECT count(*) AS n FROM items");
    expect(inside.rows[0]?.n).toBe(1n);
    await tx.commit();
    expect(await count(client)).toBe(1n);
  });

  it("rolls back on request", async () => {
    const { client } = await withTable();
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO items (name) VALUES ('a')");
    await tx.rollback();
    expect(await count(client)).toBe(0n);
  });

  it("isolates uncommitted writes from other readers", async () => {
    const { client } = await withTable();
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO items (name) VALUES ('hidden')");
    expect(await count(client)).toBe(0n);
    await tx.commit();
    expect(await count(client)).toBe(1n);
  });

  it("expires an idle transaction with a rollback and hands the write lock on", async () => {
    const { db, client } = await withTable({ idleStreamMs: 150 });
    const abandoned = await client.transaction("write");
    await abandoned.execute("INSERT INTO items (name) VALUES ('abandoned')");
    // This writer queues behind the abandoned transaction and gets through only once it expires.
    await db.client().execute("INSERT INTO items (name) VALUES ('next')");
    await expect(abandoned.commit()).rejects.toThrow();
    const names = await client.execute("SELECT name FROM items");
    expect(names.rows.map((row) => row.name)).toEqual(["next"]);
    await vi.waitFor(() => expect(db.server.openStreams).toBe(0));
  });

  it("answers SQLITE_BUSY to a writer that waits too long for the lock", async () => {
    const { client } = await withTable({ lockWaitMs: 100 });
    const holder = await client.transaction("write");
    await holder.execute("INSERT INTO items (name) VALUES ('first')");
    await expect(db!.client().execute("INSERT INTO items (name) VALUES ('late')")).rejects.toThrow(/SQLITE_BUSY/);
    await holder.commit();
    expect(await count(client)).toBe(1n);
  });
});

describe("executeMultiple and concurrency", () => {
  it("runs a script of several statements", async () => {
    const { client } = await withTable();
    await client.executeMultiple(`
      INSERT INTO items (name) VALUES ('a'); -- first
      INSERT INTO items (name) VALUES ('b;c');
      CREATE TRIGGER t AFTER INSERT ON items BEGIN SELECT 1; END;
    `);
    expect(await count(client)).toBe(2n);
  });

  it("serializes concurrent writers without losing an update", async () => {
    const { db, client } = await withTable();
    await client.execute("CREATE TABLE counter (n INTEGER NOT NULL)");
    await client.execute("INSERT INTO counter VALUES (0)");
    const writers = Array.from({ length: 25 }, async () => {
      const tx = await db.client().transaction("write");
      const current = await tx.execute("SELECT n FROM counter");
      await tx.execute({ sql: "UPDATE counter SET n = ?", args: [(current.rows[0]?.n as bigint) + 1n] });
      await tx.commit();
    });
    const inserts = Array.from({ length: 50 }, (_, i) => db.client().execute({ sql: "INSERT INTO items (name) VALUES (?)", args: [`n${i}`] }));
    await Promise.all([...writers, ...inserts]);
    const final = await client.execute("SELECT n FROM counter");
    expect(final.rows[0]?.n).toBe(25n);
    expect(await count(client)).toBe(50n);
  });
});
