import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cellStub } from "../../src/objects/cell.ts";
import { configOf } from "../../src/config.ts";
import { createDatabase } from "../../src/db/client.ts";
import { dimensionScores, judgments } from "../../src/db/schema.ts";
import { json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";

describe("a finished judgment reaches Turso", () => {
  it("stores the judgment row and its 35 dimension rows, idempotently", async () => {
    const cellId = uniqueName("sync");
    const created = await json<Judgment>(
      await postJson("/v1/judgments", { cell_id: cellId, content: "SELECT 1; -- a tiny query", reality: "CODE" }),
    );
    const stub = cellStub(env, OPEN_TENANT, cellId);
    expect(await stub.resync()).toBe(0);
    // A second push of the same state changes nothing (upsert by cell id).
    expect(await stub.resync()).toBe(0);

    const db = createDatabase(configOf(env));
    const [row] = await db.select().from(judgments).where(eq(judgments.cellId, cellId));
    expect(row).toMatchObject({
      judgmentId: created.judgment_id,
      status: "completed",
      qScore: created.q_score,
      verdict: created.verdict,
      reality: "CODE",
      provider: "heuristic",
    });
    expect(JSON.parse(row!.document).judgment_id).toBe(created.judgment_id);
    const dimensions = await db.select().from(dimensionScores).where(eq(dimensionScores.cellId, cellId));
    expect(dimensions).toHaveLength(35);
    expect(dimensions.every((d) => d.judgmentId === created.judgment_id && d.status === "scored")).toBe(true);
  });
});

describe("a judgment still running when its first alarm fires", () => {
  it("is pushed to Turso as scoring, so lists and reconciliation see it, then as completed", async () => {
    const cellId = uniqueName("slow-sync");
    const accepted = await postJson("/v1/judgments", { cell_id: cellId, content: "takes a while", judge: "crawl" }, { prefer: "respond-async" });
    expect(accepted.status).toBe(202);
    await accepted.arrayBuffer();
    // The alarm armed when scoring started (a second later), fired now.
    expect(await runDurableObjectAlarm(cellStub(env, OPEN_TENANT, cellId))).toBe(true);
    const db = createDatabase(configOf(env));
    const [running] = await db.select().from(judgments).where(eq(judgments.cellId, cellId));
    expect(running).toMatchObject({ status: "scoring", qScore: null });

    const done = await postJson("/v1/judgments", { cell_id: cellId, content: "takes a while", judge: "crawl" });
    expect(done.status).toBe(200);
    await done.arrayBuffer();
    expect(await cellStub(env, OPEN_TENANT, cellId).resync()).toBe(0);
    const [finished] = await db.select().from(judgments).where(eq(judgments.cellId, cellId));
    expect(finished?.status).toBe("completed");
  });
});
