import { describe, expect, it } from "vitest";
import { answered, fakeCalls } from "../../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { subscribeTo } from "../../support/workers/socket.ts";
import { cancel, isType, resultLines, submitBatch, untilEnded, untilSettled, type BatchReply } from "./helpers.ts";

describe("POST /v1/batches", () => {
  it("judges 500 items with 50 duplicates as 450 cells, once each, and returns results in item order", { timeout: 300_000 }, async () => {
    const marker = uniqueName("batch500");
    const distinct = Array.from({ length: 450 }, (_, i) => `${marker} item ${i}`);
    // Items 450..499 repeat items 0..49: same content, same cell.
    const contents = [...distinct, ...distinct.slice(0, 50)];
    const created = await submitBatch({ items: contents.map((content) => ({ content })), defaults: { judge: "openai-all", reality: "CODE" } });
    expect(created).toMatchObject({ status: "running", total: 500 });
    expect(created.links.results).toBe(`/v1/batches/${created.batch_id}/results`);

    const batch = await untilEnded(created.batch_id);
    expect(batch).toMatchObject({ status: "completed", total: 500, completed: 500, failed: 0, skipped: 0 });
    const calls = answered(await fakeCalls(marker));
    expect(calls).toHaveLength(450);
    expect(new Set(calls.map((c) => c.user.match(/item \d+/)?.[0])).size).toBe(450);
    expect(batch.usage.llm_calls).toBe(450);
    expect(Object.values(batch.summary.verdicts).reduce((a, b) => a + b, 0)).toBe(500);
    expect(batch.summary.q_score.p50).toBeTypeOf("number");

    const lines = await resultLines(created.batch_id);
    expect(lines.map((line) => line.index)).toEqual(contents.map((_, i) => i));
    expect(lines.every((line) => line.status === "completed")).toBe(true);
    for (let i = 0; i < 50; i += 1) expect(lines[450 + i]!.cell_id).toBe(lines[i]!.cell_id);
    expect(new Set(lines.map((line) => line.cell_id)).size).toBe(450);

    const csv = await call(`/v1/batches/${created.batch_id}/results`, { headers: { accept: "text/csv" } });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trimEnd().split("\r\n");
    expect(rows[0]).toBe("index,cell_id,status,q_score,verdict,confidence,cost_usd,error_code,error_message,kind,winner,margin");
    expect(rows).toHaveLength(501);
    expect(rows[1]!.split(",").slice(0, 3)).toEqual(["0", lines[0]!.cell_id, "completed"]);
    expect(rows[500]!.split(",")[0]).toBe("499");
  });

  it("takes NDJSON with the defaults in query parameters", async () => {
    const marker = uniqueName("ndjson");
    const body = [`{"content":"${marker} a"}`, "", `{"content":"${marker} b","reality":"HUMAN"}`].join("\n");
    const reply = await call("/v1/batches?judge=openai-all&reality=CODE", { method: "POST", headers: { "content-type": "application/x-ndjson" }, body });
    const created = await json<BatchReply>(reply);
    expect(reply.status).toBe(202);
    expect(reply.headers.get("location")).toBe(`/v1/batches/${created.batch_id}`);
    expect(created.total).toBe(2);
    const batch = await untilEnded(created.batch_id);
    expect(batch.completed).toBe(2);
    const judged = answered(await fakeCalls(marker));
    expect(judged).toHaveLength(2);
    const lines = await resultLines(created.batch_id);
    expect(lines.map((line) => (line.judgment as unknown as { reality: string }).reality)).toEqual(["CODE", "HUMAN"]);
  });

  it("refuses bad items with their index, and changes nothing", async () => {
    const ndjson = await call("/v1/batches", { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: '{"content":"ok"}\nnot json\n{"content":""}' });
    const problem = await json<{ code: string; errors: { path: string }[] }>(ndjson);
    expect(ndjson.status).toBe(400);
    expect(problem.errors.map((e) => e.path)).toEqual(["items.1", "items.2.content"]);

    const unknownJudge = await postJson("/v1/batches", { items: [{ content: "a" }, { content: "b", judge: "nobody" }] });
    expect(unknownJudge.status).toBe(400);
    expect((await json<{ errors: { path: string }[] }>(unknownJudge)).errors[0]!.path).toBe("items.1.judge");

    for (const body of [{ items: [] }, { items: Array.from({ length: 10_001 }, () => ({ content: "x" })) }, { items: [{ content: "x", extra: 1 }] }]) {
      const reply = await postJson("/v1/batches", body);
      expect(reply.status).toBe(400);
      await reply.arrayBuffer();
    }
    const wrongType = await call("/v1/batches", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    expect(wrongType.status).toBe(415);
    await wrongType.arrayBuffer();
    const missing = await call(`/v1/batches/b_${"0".repeat(32)}`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it("accepts 10,000 items in one JSON body", { timeout: 120_000 }, async () => {
    const marker = uniqueName("big");
    const created = await submitBatch({ items: Array.from({ length: 10_000 }, (_, i) => ({ content: `${marker} ${i}` })) });
    expect(created.total).toBe(10_000);
    const cancelled = await cancel(created.batch_id);
    expect(cancelled.status).toBe("cancelled");
    expect(await untilSettled(created.batch_id)).toMatchObject({ status: "cancelled", total: 10_000 });
  });
});

describe("a batch's budget and cancellation", () => {
  it("ends items past budget_usd as skipped (budget_exhausted), never spending more", { timeout: 60_000 }, async () => {
    const marker = uniqueName("budget");
    // The worst case of one judgment, as the API states it when a budget is too low.
    const probe = await postJson("/v1/judgments", { content: `${marker} 0`, judge: "penny", budget_usd: 0 });
    const worstCase = (await json<{ estimated_usd: number }>(probe)).estimated_usd;
    expect(probe.status).toBe(422);
    const created = await submitBatch({
      items: Array.from({ length: 12 }, (_, i) => ({ content: `${marker} ${i}` })),
      defaults: { judge: "penny" },
      // Room for one worst case, not two: the first item reserves it, the others cannot start, and once
      // it is settled (a healthy judgment costs about 1% of its ceiling) what is left is still short.
      budget_usd: worstCase * 1.002,
    });
    const batch = await untilEnded(created.batch_id);
    expect(worstCase).toBeLessThan(1);
    expect(batch.failed).toBe(0);
    expect(batch.completed).toBeGreaterThan(0);
    expect(batch.skipped).toBeGreaterThan(0);
    expect(batch.completed + batch.skipped).toBe(12);
    expect(batch.usage.cost_usd).toBeGreaterThan(0);
    expect(batch.usage.cost_usd).toBeLessThanOrEqual(worstCase * 1.002);
    const skipped = await resultLines(created.batch_id, "?status=skipped");
    expect(skipped).toHaveLength(batch.skipped);
    expect(skipped.every((line) => line.error?.code === "budget_exhausted")).toBe(true);
    // Only completed items were asked of the model.
    const judged = new Set(answered(await fakeCalls(marker)).map((c) => c.user.match(new RegExp(`${marker} (\\d+)`))?.[1]));
    expect(judged.size).toBe(batch.completed);
    for (const line of skipped) expect(judged.has(String(line.index))).toBe(false);
  });

  it("cancels: items not started end skipped, the stream says so, and nothing more is judged", { timeout: 60_000 }, async () => {
    const marker = uniqueName("cancel");
    const created = await submitBatch({ items: Array.from({ length: 200 }, (_, i) => ({ content: `${marker} ${i}` })), defaults: { judge: "slow-all" } });
    const stream = await subscribeTo(`/v1/batches/${created.batch_id}/stream`);
    try {
      await stream.until(isType("item.completed"));
      const reply = await call(`/v1/batches/${created.batch_id}/cancel`, { method: "POST" });
      const cancelled = await json<BatchReply>(reply);
      expect(reply.status).toBe(200);
      expect(cancelled.status).toBe("cancelled");
      const frames = await stream.until(isType("batch.completed"));
      expect(frames.find(isType("batch.completed"))).toMatchObject({ batch: { status: "cancelled" } });
      // Progress frames carry the counts; the last, sent as the batch ends, its final skipped count.
      expect(frames.filter(isType("batch.progress")).at(-1)).toMatchObject({ status: "cancelled", total: 200, skipped: cancelled.skipped });
      const seqs = frames.map((frame) => frame.seq as number);
      expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    } finally {
      stream.close();
    }
    const lines = await resultLines(created.batch_id, "?status=skipped");
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((line) => line.error?.code === "cancelled")).toBe(true);
    const again = await cancel(created.batch_id);
    expect(again.status).toBe("cancelled");
    await untilSettled(created.batch_id);
  });
});

describe("GET /v1/batches", () => {
  it("lists batches newest first from Turso, with a cursor", { timeout: 60_000 }, async () => {
    const first = await submitBatch({ items: [{ content: uniqueName("list-a") }], metadata: { run: 1 } });
    const second = await submitBatch({ items: [{ content: uniqueName("list-b") }], metadata: { run: 2 } });
    await Promise.all([untilEnded(first.batch_id), untilEnded(second.batch_id)]);
    const page = await json<{ items: BatchReply[]; next_cursor: string | null }>(await call("/v1/batches?limit=1"));
    expect(page.items).toHaveLength(1);
    expect(page.next_cursor).not.toBeNull();
    const all = await json<{ items: { batch_id: string }[] }>(await call("/v1/batches?limit=200"));
    const ids = all.items.map((item) => item.batch_id);
    expect(ids.indexOf(second.batch_id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.batch_id)).toBeGreaterThan(ids.indexOf(second.batch_id));
    const bad = await call("/v1/batches?cursor=nope");
    expect(bad.status).toBe(400);
    await bad.arrayBuffer();
  });
});
