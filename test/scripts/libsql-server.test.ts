import { afterEach, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../scripts/migrate.ts";
import { localLibsql, type LocalLibsql } from "../support/local-libsql.ts";

let db: LocalLibsql | undefined;
afterEach(async () => {
  await db?.dispose();
  db = undefined;
});

async function pipeline(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/v2/pipeline`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe("the HTTP surface", () => {
  it("answers the version and health probes, and 404 for protobuf", async () => {
    db = await localLibsql();
    for (const path of ["/health", "/v2", "/v3"]) {
      const response = await fetch(db.server.url + path);
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
    }
    const protobuf = await fetch(`${db.server.url}/v3-protobuf`);
    await protobuf.arrayBuffer();
    expect(protobuf.status).toBe(404);
  });

  it("refuses a malformed body with 400 and keeps serving", async () => {
    db = await localLibsql();
    expect((await pipeline(db.server.url, "{not json")).status).toBe(400);
    expect((await pipeline(db.server.url, { requests: "nope" })).status).toBe(400);
    const ok = await pipeline(db.server.url, { requests: [{ type: "execute", stmt: { sql: "SELECT 1" } }, { type: "close" }] });
    expect(ok.status).toBe(200);
    expect(ok.body.results[0].response.result.rows).toEqual([[{ type: "integer", value: "1" }]]);
  });

  it("refuses an unknown baton with 400", async () => {
    db = await localLibsql();
    const reply = await pipeline(db.server.url, { baton: "made-up", requests: [{ type: "close" }] });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/baton/);
  });

  it("returns SQL errors and bad requests as error results, not crashes", async () => {
    db = await localLibsql();
    const reply = await pipeline(db.server.url, {
      requests: [
        { type: "execute", stmt: { sql: "SELEC 1" } },
        { type: "execute", stmt: { sql: "SELECT 1; SELECT 2" } },
        { type: "execute", stmt: { sql: "SELECT ?", args: [{ type: "mystery" }] } },
        { type: "teleport" },
        { type: "execute", stmt: { sql: "SELECT 2" } },
        { type: "close" },
      ],
    });
    expect(reply.status).toBe(200);
    const [syntax, many, badValue, unknown, fine] = reply.body.results;
    expect(syntax.error).toMatchObject({ code: "SQLITE_ERROR" });
    expect(many.error.message).toMatch(/more than one statement/);
    expect(badValue.error.code).toBe("ARGS_INVALID");
    expect(unknown.error.code).toBe("PROTO_INVALID");
    expect(fine.type).toBe("ok");
    expect(reply.body.baton).toBeNull();
  });

  it("closes the stream of every one-shot client call", async () => {
    db = await localLibsql();
    const client = db.client();
    await client.execute("SELECT 1");
    await client.batch(["SELECT 1", "SELECT 2"], "write");
    expect(db.server.openStreams).toBe(0);
  });
});

describe("durability", () => {
  it("keeps committed data across a restart", async () => {
    db = await localLibsql();
    await db.client().batch(["CREATE TABLE kept (v TEXT)", "INSERT INTO kept VALUES ('still here')"], "write");
    await db.stop();
    db = await localLibsql({ dataDir: db.dataDir });
    const result = await db.client().execute("SELECT v FROM kept");
    expect(result.rows[0]?.v).toBe("still here");
  });

  it("runs in WAL mode", async () => {
    db = await localLibsql();
    const result = await db.client().execute("PRAGMA journal_mode");
    expect(result.rows[0]?.journal_mode).toBe("wal");
  });

  it("applies drizzle's migrations once, however often migrate runs", async () => {
    db = await localLibsql();
    await migrateDatabase(db.server.url);
    await migrateDatabase(db.server.url);
    const client = db.client();
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(["judgments", "dimension_scores", "rubrics", "reconcile_runs"]));
    const applied = await client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(applied.rows[0]?.n).toBeGreaterThan(0n);
    const again = await client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(again.rows[0]?.n).toBe(applied.rows[0]?.n);
  });
});
