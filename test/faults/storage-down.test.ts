import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { outboxLedger } from "../../src/objects/ledger.ts";
import { cellStub } from "../../src/objects/cell.ts";
import { configOf } from "../../src/config.ts";
import { createDatabase } from "../../src/db/client.ts";
import { dimensionScores, judgments } from "../../src/db/schema.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import { libsql } from "../support/workers/libsql-process.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { Problem } from "../../src/schemas/problem.ts";
import type { Health } from "../../src/schemas/health.ts";

afterEach(async () => {
  await libsql("thaw");
  await libsql("start");
});

async function judgeMany(prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const replies = await Promise.all(ids.map((cellId) => postJson("/v1/judgments", { cell_id: cellId, content: `${cellId}: let x = ${cellId.length};` })));
  for (const reply of replies) {
    expect(reply.status).toBe(200);
    expect((await json<Judgment>(reply)).status).toBe("completed");
  }
  return ids;
}

async function health() {
  return json<Health>(await call("/v1/health"));
}

async function rowsInTurso(ids: string[]) {
  const db = createDatabase(configOf(env));
  const rows = await db.select().from(judgments).where(inArray(judgments.cellId, ids));
  const dims = await db.select().from(dimensionScores).where(inArray(dimensionScores.cellId, ids));
  return { rows, dims };
}

describe("libSQL stopped during traffic", () => {
  it("still completes judgments, keeps them in the outbox, and pushes each exactly once when libSQL is back", async () => {
    await libsql("stop");
    const ids = await judgeMany(uniqueName("down"), 5);
    // A push was tried and failed for every cell: the outbox holds it and the ledger knows.
    for (const id of ids) expect(await cellStub(env, id).resync()).toBe(1);
    const degraded = await health();
    expect(degraded).toMatchObject({ status: "degraded", storage: "degraded" });
    expect(degraded.outbox_pending).toBeGreaterThanOrEqual(5);
    const list = await call("/v1/judgments");
    expect(list.status).toBe(503);
    expect(list.headers.get("retry-after")).not.toBeNull();
    expect((await json<Problem>(list)).code).toBe("storage_unavailable");

    await libsql("start");
    // The real alarm each cell armed for its retry, fired now instead of after its backoff.
    for (const id of ids) {
      await runDurableObjectAlarm(cellStub(env, id));
      expect(await cellStub(env, id).resync()).toBe(0);
    }
    const { rows, dims } = await rowsInTurso(ids);
    expect(rows.map((row) => row.cellId).sort()).toEqual([...ids].sort());
    expect(rows.every((row) => row.status === "completed")).toBe(true);
    expect(dims).toHaveLength(5 * 35);
    const pending = await outboxLedger(env).list(1_000);
    expect(pending.filter((entry) => ids.includes(entry.cellId))).toEqual([]);
  });
});

describe("libSQL frozen (SIGSTOP) during traffic", () => {
  it("answers judgments without waiting for it, reports degraded storage, and lands everything after the thaw", async () => {
    await libsql("freeze");
    const ids = await judgeMany(uniqueName("frozen"), 2);
    expect(await health()).toMatchObject({ storage: "degraded" });
    const list = await call("/v1/judgments");
    expect(list.status).toBe(503);
    await list.arrayBuffer();
    await libsql("thaw");
    for (const id of ids) expect(await cellStub(env, id).resync()).toBe(0);
    const { rows } = await rowsInTurso(ids);
    expect(rows).toHaveLength(2);
  });
});
