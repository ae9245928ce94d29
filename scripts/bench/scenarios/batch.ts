import { benchContent, checkCalls } from "../markers.ts";
import type { Sample } from "../stats.ts";
import { round1 } from "../stats.ts";
import type { BenchContext, ScenarioResult } from "./context.ts";
import { measure } from "./measure.ts";
import { CALLS_PER_JUDGMENT } from "./new-cells.ts";

/** Items in the `batch` scenario's one batch. */
export const BATCH_ITEMS = 2_000;
/** How often the bench asks for the batch's progress (the batch itself does not depend on it). */
const POLL_MS = 250;
/** The most a batch of BATCH_ITEMS may take here before the scenario gives up on it. */
const BATCH_MAX_MS = 15 * 60_000;

interface BatchStatus {
  status: string;
  completed: number;
  failed: number;
  skipped: number;
}

/**
 * `batch`: one batch of 2,000 new cells, submitted in one request and followed until its last result.
 * Reports the submission's latency, items per second and time to the last result, and checks every
 * item against the stub: exactly one judgment's calls per cell.
 *
 * @example
 * const result = await batch(ctx); // result.items_per_s === 41.7, result.cells_miscounted === 0
 */
export async function batch(ctx: BenchContext): Promise<ScenarioResult> {
  const items = Array.from({ length: BATCH_ITEMS }, (_, index) => ({ content: benchContent(ctx.runId, "batch", index) }));
  let final: BatchStatus | null = null;
  let submitMs = 0;
  let lastResultS = 0;
  const { result, calls } = await measure(ctx, "batch", `one batch of ${BATCH_ITEMS} new cells`, async () => {
    const startedAt = performance.now();
    const created = await ctx.client.send({ method: "POST", path: "/v1/batches", body: JSON.stringify({ items }), readBody: true });
    submitMs = performance.now() - startedAt;
    const samples: Sample[] = [{ latencyMs: submitMs, status: created.status, endedAt: performance.now() }];
    if (created.status !== 202 || !created.body) return { startedAt, samples, maxSendLagMs: 0 };
    const batchId = (JSON.parse(created.body) as { batch_id: string }).batch_id;
    while (performance.now() - startedAt < BATCH_MAX_MS) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const reply = await ctx.client.send({ method: "GET", path: `/v1/batches/${batchId}`, readBody: true });
      if (reply.status !== 200 || !reply.body) continue;
      final = JSON.parse(reply.body) as BatchStatus;
      if (final.status !== "running") break;
    }
    lastResultS = (performance.now() - startedAt) / 1000;
    samples.push({ latencyMs: lastResultS * 1000, status: final?.status === "completed" ? 200 : 0, endedAt: performance.now() });
    return { startedAt, samples, maxSendLagMs: 0 };
  });
  const done = final as BatchStatus | null;
  const indexes = items.map((_, index) => index);
  const check = checkCalls(calls.byMarker, { scenario: "batch", indexes, answered: new Set(done?.completed === BATCH_ITEMS ? indexes : []), expected: CALLS_PER_JUDGMENT });
  return {
    ...result,
    batch_submit_ms: round1(submitMs),
    items_completed: done?.completed ?? 0,
    items_per_s: lastResultS > 0 ? round1((done?.completed ?? 0) / lastResultS) : 0,
    time_to_last_result_s: round1(lastResultS),
    model_calls_per_new_cell: check.perNewCell,
    cells_miscounted: check.miscounted,
  };
}
