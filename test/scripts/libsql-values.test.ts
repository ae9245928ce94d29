import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localLibsql, type LocalLibsql } from "../support/local-libsql.ts";

let db: LocalLibsql;
let client: Client;

beforeAll(async () => {
  db = await localLibsql();
  client = db.client();
  await client.execute("CREATE TABLE vals (id INTEGER PRIMARY KEY, v)");
});
afterAll(() => db.dispose());

async function roundTrip(value: unknown): Promise<unknown> {
  const inserted = await client.execute({ sql: "INSERT INTO vals (v) VALUES (?)", args: [value as never] });
  const read = await client.execute({ sql: "SELECT v, typeof(v) AS t FROM vals WHERE id = ?", args: [inserted.lastInsertRowid!] });
  return [read.rows[0]?.v, read.rows[0]?.t];
}

describe("values", () => {
  it("keeps integers past 2^53 exact in both directions", async () => {
    expect(await roundTrip(9223372036854775807n)).toEqual([9223372036854775807n, "integer"]);
    expect(await roundTrip(-9223372036854775808n)).toEqual([-9223372036854775808n, "integer"]);
  });

  it("stores floats as REAL, including whole ones", async () => {
    expect(await roundTrip(1.5)).toEqual([1.5, "real"]);
    expect(await roundTrip(-0.125)).toEqual([-0.125, "real"]);
  });

  // The `libsql` binding binds text as a C string, so a NUL would cut it short: the Worker only ever
  // stores JSON text (where NUL is escaped as \u0000), never raw user text, in TEXT columns.
  it("round-trips text with any unicode", async () => {
    expect(await roundTrip("héllo 🐺 ünïcödé \u2028 end")).toEqual(["héllo 🐺 ünïcödé \u2028 end", "text"]);
  });

  it("round-trips blobs byte for byte", async () => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    const [value, type] = (await roundTrip(bytes)) as [ArrayBuffer, string];
    expect(type).toBe("blob");
    expect([...new Uint8Array(value)]).toEqual([...bytes]);
  });

  it("round-trips null", async () => {
    expect(await roundTrip(null)).toEqual([null, "null"]);
  });

  it("reports column names and declared types", async () => {
    const result = await client.execute("SELECT id, v, 1 + 1 AS two FROM vals LIMIT 1");
    expect(result.columns).toEqual(["id", "v", "two"]);
    expect(result.columnTypes).toEqual(["INTEGER", "", ""]);
  });
});

describe("arguments", () => {
  it("binds positional ? and numbered ?NNN arguments", async () => {
    const result = await client.execute({ sql: "SELECT ? AS a, ? AS b, ?1 AS again", args: [10n, "x"] });
    expect(result.rows[0]).toMatchObject({ a: 10n, b: "x", again: 10n });
  });

  it("binds named :name, @name and $name arguments", async () => {
    const result = await client.execute({
      sql: "SELECT :first AS a, @second AS b, $third AS c, :first AS a2",
      args: { first: 1n, second: "two", third: 3.5 },
    });
    expect(result.rows[0]).toMatchObject({ a: 1n, b: "two", c: 3.5, a2: 1n });
  });

  it("ignores parameter-looking text inside strings and comments", async () => {
    const result = await client.execute({ sql: "SELECT ':nope ?' AS s, ? AS a -- and :nor ?", args: ["yes"] });
    expect(result.rows[0]).toMatchObject({ s: ":nope ?", a: "yes" });
  });

  it("rejects more arguments than the statement takes", async () => {
    await expect(client.execute({ sql: "SELECT ?", args: [1n, 2n] })).rejects.toThrow(/arguments/);
  });

  it("reports affected rows and the last rowid of writes", async () => {
    await client.execute("CREATE TABLE counted (id INTEGER PRIMARY KEY, n INTEGER)");
    const inserted = await client.execute("INSERT INTO counted (n) VALUES (1), (2), (3)");
    expect(inserted.rowsAffected).toBe(3);
    expect(inserted.lastInsertRowid).toBe(3n);
    const updated = await client.execute("UPDATE counted SET n = n + 1 WHERE n >= 2");
    expect(updated.rowsAffected).toBe(2);
  });

  it("returns RETURNING rows together with the change count", async () => {
    const result = await client.execute("INSERT INTO counted (n) VALUES (40), (41) RETURNING n");
    expect(result.rows.map((row) => row.n)).toEqual([40n, 41n]);
    expect(result.rowsAffected).toBe(2);
  });
});
