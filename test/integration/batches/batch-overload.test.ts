import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cellStub } from "../../../src/objects/cell.ts";
import { OPEN_TENANT } from "../../../src/security/tenant.ts";
import { answered, fakeCalls } from "../../support/workers/fake-model.ts";
import { uniqueName } from "../../support/workers/http.ts";
import { resultLines, submitBatch, untilEnded } from "./helpers.ts";

/** How many times the cell started its judgment (a run refused `overloaded` counts, and is started again). */
const startsOf = (cellId: string) =>
  runInDurableObject(cellStub(env, OPEN_TENANT, cellId), (_, state) => Number(state.storage.sql.exec<{ attempts: number }>("SELECT attempts FROM cell").one().attempts));

describe("a batch past the stack's capacity", () => {
  it("backs off on overloaded by itself and finishes every item, none failed and none judged twice", { timeout: 240_000 }, async () => {
    const marker = uniqueName("overloaded");
    const contents = Array.from({ length: 40 }, (_, i) => `${marker} ${i}`);
    // The `bottleneck` judge takes one call at a time and lets a judgment wait 1.5 s for it, so most of
    // the batch's 32 concurrent items are refused `overloaded` at first.
    const created = await submitBatch({ items: contents.map((content) => ({ content })), defaults: { judge: "bottleneck" } });
    const batch = await untilEnded(created.batch_id);
    expect(batch).toMatchObject({ status: "completed", total: 40, completed: 40, failed: 0, skipped: 0 });

    const lines = await resultLines(created.batch_id);
    expect(lines.map((line) => line.status)).toEqual(contents.map(() => "completed"));
    // Overload did happen: cells were refused and started again.
    const starts = await Promise.all(lines.map((line) => startsOf(line.cell_id!)));
    expect(starts.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(contents.length);
    // Exactly once at the model: one call per item, however often it was refused before.
    const calls = answered(await fakeCalls(marker));
    expect(calls).toHaveLength(contents.length);
    expect(new Set(calls.map((c) => c.user.match(new RegExp(`${marker} (\\d+)`))?.[1])).size).toBe(contents.length);
  });
});
