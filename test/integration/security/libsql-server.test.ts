import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localLibsql, type LocalLibsql } from "../../support/local-libsql.ts";

/**
 * The local libSQL server against the requests an attacker on the machine, or a web page in its
 * browser, could send: each is written as sent and must be refused without touching the database.
 */

const TOKEN = "test-token-9f8e7d6c5b4a";
let db: LocalLibsql;

beforeAll(async () => {
  db = await localLibsql({ authToken: TOKEN });
  await db.client().execute("CREATE TABLE secrets (value TEXT)");
  await db.client().execute("INSERT INTO secrets VALUES ('the crown jewels')");
});
afterAll(() => db.dispose());

const PIPELINE = JSON.stringify({ requests: [{ type: "execute", stmt: { sql: "SELECT value FROM secrets" } }, { type: "close" }] });

/** A raw HTTP request, so the Host header can be anything (fetch would not let a test forge it). */
function send(options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(db.server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: options.method ?? "POST", path: options.path ?? "/v2/pipeline", headers: options.headers ?? {}, agent: false },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const goodHeaders = (extra: Record<string, string> = {}) => ({
  host: `127.0.0.1:${db.server.port}`,
  authorization: `Bearer ${TOKEN}`,
  "content-type": "application/json",
  ...extra,
});

describe("a request without the right token", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer not-the-token" }],
    ["the token in another scheme", { authorization: `Basic ${TOKEN}` }],
    ["a token that only starts like it", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
  ])("is refused with 401 (%s)", async (_, headers) => {
    const { authorization: _drop, ...rest } = goodHeaders();
    const reply = await send({ headers: { ...rest, ...headers }, body: PIPELINE });
    expect(reply.status).toBe(401);
    expect(reply.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(reply.body).not.toContain("crown jewels");
  });

  it("is refused through @libsql/client too, while the right token works", async () => {
    const intruder = createClient({ url: db.server.url });
    try {
      await expect(intruder.execute("SELECT value FROM secrets")).rejects.toThrow(/UNAUTHORIZED/);
    } finally {
      intruder.close();
    }
    const rows = await db.client().execute("SELECT value FROM secrets");
    expect(rows.rows[0]?.value).toBe("the crown jewels");
  });

  it("may still ask /health, which tells nothing", async () => {
    const reply = await send({ method: "GET", path: "/health", headers: { host: `localhost:${db.server.port}` } });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("{}");
  });
});

describe("a body that is not JSON", () => {
  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""])(
    "is refused with 415 (content-type %j), as a cross-site form post would send it",
    async (type) => {
      const headers: Record<string, string> = goodHeaders();
      if (type === "") delete headers["content-type"];
      else headers["content-type"] = type;
      const reply = await send({ headers, body: PIPELINE });
      expect(reply.status).toBe(415);
      expect(reply.body).not.toContain("crown jewels");
    },
  );

  it("is accepted as application/json with a charset", async () => {
    const reply = await send({ headers: goodHeaders({ "content-type": "application/json; charset=utf-8" }), body: PIPELINE });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("crown jewels");
  });
});

describe("a request addressed to another host (DNS rebinding)", () => {
  it.each(["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example", "10.0.0.1:8080", "[::2]:8080"])(
    "is refused with 421 (Host %j), even with the token",
    async (host) => {
      const reply = await send({ headers: goodHeaders({ host }), body: PIPELINE });
      expect(reply.status).toBe(421);
      expect(reply.body).not.toContain("crown jewels");
    },
  );

  it("is refused with 421 when it names no host at all (HTTP/1.0)", async () => {
    const body = PIPELINE;
    const socket = connect(db.server.port, "127.0.0.1");
    const head = [`POST /v2/pipeline HTTP/1.0`, `authorization: Bearer ${TOKEN}`, "content-type: application/json", `content-length: ${Buffer.byteLength(body)}`];
    socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
    let reply = "";
    for await (const chunk of socket) reply += (chunk as Buffer).toString();
    expect(reply).toMatch(/^HTTP\/1\.[01] 421 /);
    expect(reply).not.toContain("crown jewels");
  });

  it.each(["127.0.0.1", "localhost:1234", "LOCALHOST", "[::1]:8080"])("is served for the loopback Host %j", async (host) => {
    const reply = await send({ headers: goodHeaders({ host }), body: PIPELINE });
    expect(reply.status).toBe(200);
  });
});

describe("SQL that reaches files beyond the database", () => {
  const outside = (name: string) => join(db.dataDir, "..", `${name}-${process.pid}.db`);
  const client = () => db.client();

  it.each([
    ["ATTACH", (file: string) => client().execute(`ATTACH DATABASE '${file}' AS loot`)],
    ["ATTACH with the file as an argument", (file: string) => client().execute({ sql: "ATTACH ? AS loot", args: [file] })],
    ["VACUUM INTO", (file: string) => client().execute(`VACUUM INTO '${file}'`)],
    ["VACUUM schema INTO", (file: string) => client().execute(`VACUUM "main" INTO '${file}'`)],
    ["VACUUM INTO in a script", (file: string) => client().executeMultiple(`SELECT 1; /* backup */ vacuum main into '${file}';`)],
    ["ATTACH in a batch", (file: string) => client().batch([`ATTACH '${file}' AS loot`], "deferred")],
    ["EXPLAIN ATTACH", (file: string) => client().execute(`EXPLAIN ATTACH '${file}' AS loot`)],
  ])("refuses %s with SQLITE_AUTH and writes no file", async (_, attack) => {
    const file = outside("attack");
    await expect(attack(file)).rejects.toMatchObject({ code: "SQLITE_AUTH" });
    expect(existsSync(file)).toBe(false);
  });

  it("refuses DETACH with SQLITE_AUTH", async () => {
    await expect(client().execute("DETACH DATABASE main")).rejects.toMatchObject({ code: "SQLITE_AUTH" });
  });

  it("still runs statements that only mention the words", async () => {
    await client().execute("CREATE TABLE words (attach TEXT, vacuum TEXT, \"into\" TEXT)");
    await client().execute("INSERT INTO words VALUES ('ATTACH x', 'VACUUM INTO y', 'z')");
    const rows = await client().execute("SELECT attach, vacuum FROM words");
    expect(rows.rows[0]?.attach).toBe("ATTACH x");
    await client().execute("VACUUM");
  });
});
