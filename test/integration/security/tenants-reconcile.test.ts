import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { configOf } from "../../../src/config.ts";
import { createDatabase } from "../../../src/db/client.ts";
import { judgments } from "../../../src/db/schema.ts";
import { cellStub } from "../../../src/objects/cell.ts";
import { reconcile } from "../../../src/reconcile/reconcile.ts";
import { bearer, postJson, uniqueName } from "../../support/workers/http.ts";
import { subscribe } from "../../support/workers/socket.ts";
import { TENANT_KEYS } from "./tenant-keys.ts";

/** Runs in the `workers-tenants` project: the cron finds a tenant's cell from its Turso row. */
describe("tenants: reconciliation", () => {
  it("re-drives a stuck cell of a named tenant, addressed by the tenant its row carries", async () => {
    const cellId = uniqueName("acme-stuck");
    const accepted = await postJson("/v1/judgments", { cell_id: cellId, content: "left behind", judge: "slow" }, { prefer: "respond-async", ...bearer(TENANT_KEYS.acme) });
    expect(accepted.status).toBe(202);
    await accepted.arrayBuffer();
    const cell = cellStub(env, "acme", cellId);
    expect(await cell.resync()).toBe(0);
    await runInDurableObject(cell, (_, state) => state.abort("crash")).catch(() => undefined);
    await runInDurableObject(cellStub(env, "acme", cellId), (_, state) => state.storage.deleteAlarm());
    const row = () => createDatabase(configOf(env)).select().from(judgments).where(and(eq(judgments.tenant, "acme"), eq(judgments.cellId, cellId)));
    expect((await row())[0]?.status).toMatch(/pending|scoring/);

    const run = await reconcile(env, Date.now() + 3_600_000 + Math.floor(Math.random() * 1_000_000));
    expect(run).toMatchObject({ acted: true, errors: 0 });
    expect(run.redriven).toBeGreaterThanOrEqual(1);
    const stream = await subscribe(cellId, undefined, bearer(TENANT_KEYS.acmeTeammate));
    try {
      await stream.until((frame) => frame.type === "judgment.completed" || (frame.type === "snapshot" && frame.status === "completed"));
    } finally {
      stream.close();
    }
    expect(await cellStub(env, "acme", cellId).resync()).toBe(0);
    expect((await row())[0]).toMatchObject({ tenant: "acme", status: "completed" });
  });
});
