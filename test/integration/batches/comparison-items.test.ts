import { describe, expect, it } from "vitest";
import { BETTER_MARK } from "../../../scripts/fake-model/preferences.ts";
import { answered, fakeCalls } from "../../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { resultLines, submitBatch, untilEnded } from "./helpers.ts";

type ComparisonLine = { index: number; cell_id: string; status: string; judgment?: unknown; comparison?: { comparison_id: string; winner: string; cached: boolean } };

describe("a batch of judgments and comparisons", () => {
  it("drives comparison items through their comparison cells, (a, b) and (b, a) once, into the results, summary and CSV", { timeout: 120_000 }, async () => {
    const marker = uniqueName("mixed");
    const better = `${BETTER_MARK} careful ${marker}`;
    const plain = `plain ${marker}`;
    const items = [
      { content: `judged one ${marker}` },
      { a: better, b: plain },
      { a: `plain two ${marker}`, b: `${BETTER_MARK} careful two ${marker}` },
      // The first comparison again, its answers the other way round: the same cell, asked once.
      { a: plain, b: better },
      { content: `judged two ${marker}` },
    ];
    const created = await submitBatch({ items, defaults: { judge: "marked" } });
    const batch = await untilEnded(created.batch_id);
    expect(batch).toMatchObject({ status: "completed", total: 5, completed: 5, failed: 0, skipped: 0 });
    expect(batch.summary.winners).toEqual({ a: 1, b: 2, tie: 0 });
    expect(Object.values(batch.summary.verdicts).reduce((sum, n) => sum + n, 0)).toBe(2);

    const calls = answered(await fakeCalls(marker));
    // Two comparisons (each dimension batch in both orders) and two judgments, nothing twice.
    expect(calls.filter((c) => c.user.includes("careful two")).length).toBeGreaterThan(0);
    expect(batch.usage.llm_calls).toBe(calls.length);

    const lines = (await resultLines(created.batch_id)) as unknown as ComparisonLine[];
    expect(lines.map((line) => [line.index, line.status, line.judgment ? "judgment" : "comparison"])).toEqual([
      [0, "completed", "judgment"],
      [1, "completed", "comparison"],
      [2, "completed", "comparison"],
      [3, "completed", "comparison"],
      [4, "completed", "judgment"],
    ]);
    expect(lines[1]!.comparison).toMatchObject({ winner: "a" });
    expect(lines[3]!.comparison).toMatchObject({ winner: "b", comparison_id: lines[1]!.cell_id });
    expect(lines[3]!.cell_id).toBe(lines[1]!.cell_id);
    expect(lines[1]!.cell_id).toMatch(/^cmp_/);

    const csv = await (await call(`/v1/batches/${created.batch_id}/results`, { headers: { accept: "text/csv" } })).text();
    const rows = csv.trimEnd().split("\r\n").map((row) => row.split(","));
    expect(rows[0]!.slice(-3)).toEqual(["kind", "winner", "margin"]);
    expect(rows.slice(1).map((row) => row.slice(-3, -1))).toEqual([
      ["judgment", ""],
      ["comparison", "a"],
      ["comparison", "b"],
      ["comparison", "b"],
      ["judgment", ""],
    ]);
  });

  it("refuses a comparison item that lacks a side, naming it, and changes nothing", async () => {
    const reply = await postJson("/v1/batches", { items: [{ content: "fine" }, { a: "only one side" }] });
    const problem = await json<{ code: string; errors: { path: string }[] }>(reply);
    expect(reply.status).toBe(400);
    expect(problem.errors.map((error) => error.path)).toEqual(["items.1.b"]);
  });
});
