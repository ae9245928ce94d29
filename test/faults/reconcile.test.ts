import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { cellStub } from "../../src/objects/cell.ts";
import { comparisonStub } from "../../src/objects/comparison.ts";
import { outboxLedger } from "../../src/objects/ledger.ts";
import { configOf } from "../../src/config.ts";
import { createDatabase } from "../../src/db/client.ts";
import { comparisons, judgments, reconcileRuns } from "../../src/db/schema.ts";
import { json, postJson, uniqueName } from "../support/workers/http.ts";
import { subscribe } from "../support/workers/socket.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";

const db = () => createDatabase(configOf(env));
/** A cron tick far enough ahead that every unfinished row counts as stuck (deadline: 5 minutes). */
const tick = () => Date.now() + 3_600_000 + Math.floor(Math.random() * 1_000_000);

/** Fires the Worker's real `scheduled` handler, as the cron trigger does. */
async function fireCron(scheduledTime: number) {
  // The entrypoint's stub takes `scheduled()` at run time; its generated type only lists fetch/connect.
  const worker = exports.default as unknown as { scheduled(options: { scheduledTime: Date; cron: string }): Promise<unknown> };
  return worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: "* * * * *" });
}

async function runRecord(scheduledTime: number) {
  const [row] = await db().select().from(reconcileRuns).where(eq(reconcileRuns.scheduledTime, scheduledTime));
  return row;
}

describe("cron reconciliation", () => {
  // The project's files share one database and one ledger: push what earlier files left unpushed (their
  // cells retry with backoff), so each run's counts are this test's own.
  beforeEach(async () => {
    for (const entry of await outboxLedger(env).list(1_000)) await cellStub(env, entry.cellId).resync();
  });

  it("re-drives a cell left scoring with no runner and no alarm", async () => {
    const cellId = uniqueName("stuck");
    const accepted = await postJson("/v1/judgments", { cell_id: cellId, content: "left behind", judge: "slow" }, { prefer: "respond-async" });
    expect(accepted.status).toBe(202);
    await accepted.arrayBuffer();
    // Its accepted state reaches Turso, then the object dies and its alarm is lost with it.
    expect(await cellStub(env, cellId).resync()).toBe(0);
    await runInDurableObject(cellStub(env, cellId), (_, state) => state.abort("crash")).catch(() => undefined);
    await runInDurableObject(cellStub(env, cellId), (_, state) => state.storage.deleteAlarm());
    const [row] = await db().select().from(judgments).where(eq(judgments.cellId, cellId));
    expect(row?.status).toMatch(/pending|scoring/);

    // The cron's nudge is the first thing to enter the dead cell (a subscription would resume it too).
    const scheduledTime = tick();
    await fireCron(scheduledTime);
    expect(await runRecord(scheduledTime)).toMatchObject({ status: "done", redriven: 1 });
    const stream = await subscribe(cellId);
    try {
      await stream.until((frame) => frame.type === "judgment.completed" || (frame.type === "snapshot" && frame.status === "completed"));
    } finally {
      stream.close();
    }
    expect(await cellStub(env, cellId).resync()).toBe(0);
    const [after] = await db().select().from(judgments).where(eq(judgments.cellId, cellId));
    expect(after?.status).toBe("completed");
  });

  it("acts once per tick, however many invocations overlap or repeat", async () => {
    const cellId = uniqueName("overlap");
    const accepted = await postJson("/v1/judgments", { cell_id: cellId, content: "overlap", judge: "slow" }, { prefer: "respond-async" });
    await accepted.arrayBuffer();
    expect(await cellStub(env, cellId).resync()).toBe(0);
    await runInDurableObject(cellStub(env, cellId), (_, state) => state.abort("crash")).catch(() => undefined);
    await runInDurableObject(cellStub(env, cellId), (_, state) => state.storage.deleteAlarm());

    const scheduledTime = tick();
    await Promise.all([fireCron(scheduledTime), fireCron(scheduledTime), fireCron(scheduledTime)]);
    const first = await runRecord(scheduledTime);
    expect(first).toMatchObject({ status: "done", redriven: 1, checked: 1 });
    await fireCron(scheduledTime);
    expect(await runRecord(scheduledTime)).toEqual(first);
  });

  it("re-pushes a finished judgment whose push never landed", async () => {
    const cellId = uniqueName("unpushed");
    const reply = await postJson("/v1/judgments", { cell_id: cellId, content: "finished quietly" });
    const { judgment_id } = await json<Judgment>(reply);
    expect(await cellStub(env, cellId).resync()).toBe(0);
    // Turso lost the final state (say, restored from an older backup): the row says scoring.
    await db().update(judgments).set({ status: "scoring" }).where(eq(judgments.cellId, cellId));

    const scheduledTime = tick();
    await fireCron(scheduledTime);
    expect(await runRecord(scheduledTime)).toMatchObject({ status: "done", repaired: 1 });
    const [row] = await db().select().from(judgments).where(eq(judgments.cellId, cellId));
    expect(row).toMatchObject({ status: "completed", judgmentId: judgment_id });
  });

  it("re-drives a comparison left scoring with no runner and no alarm, and re-pushes one Turso lost", async () => {
    const id = uniqueName("cmp-stuck");
    const accepted = await postJson("/v1/comparisons", { comparison_id: id, a: `left ${id}`, b: `behind ${id}`, judge: "marked-slow" }, { prefer: "respond-async" });
    expect(accepted.status).toBe(202);
    await accepted.arrayBuffer();
    expect(await comparisonStub(env, id).flushed()).toBe(true);
    await runInDurableObject(comparisonStub(env, id), (_, state) => state.abort("crash")).catch(() => undefined);
    await runInDurableObject(comparisonStub(env, id), (_, state) => state.storage.deleteAlarm());
    const [row] = await db().select().from(comparisons).where(eq(comparisons.comparisonId, id));
    expect(row?.status).toMatch(/pending|scoring/);

    const scheduledTime = tick();
    await fireCron(scheduledTime);
    expect(await runRecord(scheduledTime)).toMatchObject({ status: "done", redriven: 1 });
    const stream = await subscribe(id, `/v1/comparisons/${id}/stream`);
    try {
      await stream.until((frame) => frame.type === "comparison.completed" || (frame.type === "snapshot" && frame.status === "completed"));
    } finally {
      stream.close();
    }
    expect(await comparisonStub(env, id).flushed()).toBe(true);
    const [done] = await db().select().from(comparisons).where(eq(comparisons.comparisonId, id));
    expect(done).toMatchObject({ status: "completed", winner: "tie" });

    // Turso lost the final state: the next tick finds the row unfinished and the object pushes it again.
    await db().update(comparisons).set({ status: "scoring", updatedAt: 0 }).where(eq(comparisons.comparisonId, id));
    const again = tick();
    await fireCron(again);
    expect(await runRecord(again)).toMatchObject({ status: "done", repaired: 1 });
    const [repaired] = await db().select().from(comparisons).where(eq(comparisons.comparisonId, id));
    expect(repaired?.status).toBe("completed");
  });
});
