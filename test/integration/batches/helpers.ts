import { expect } from "vitest";
import { postJson, json, call } from "../../support/workers/http.ts";
import { subscribe, type Subscription } from "../../support/workers/socket.ts";

export type BatchReply = {
  batch_id: string;
  status: string;
  total: number;
  completed: number;
  failed: number;
  skipped: number;
  usage: { llm_calls: number; cost_usd: number };
  summary: { verdicts: Record<string, number>; q_score: { mean: number | null; p50: number | null; p90: number | null }; winners: { a: number; b: number; tie: number } };
  webhook: { status: string; attempts: number; last_status: number | null } | null;
  links: { self: string; results: string; stream: string };
};

export type ResultLine = { index: number; cell_id: string | null; status: string; judgment?: { q_score: number; cached: boolean; cell_id: string }; error?: { code: string } };

export const isType = (type: string) => (frame: Record<string, unknown>) => frame.type === type;

/** Submits a JSON batch and expects 202. */
export async function submitBatch(body: Record<string, unknown>): Promise<BatchReply & { links: BatchReply["links"] }> {
  const reply = await postJson("/v1/batches", body);
  const created = await json<BatchReply>(reply);
  if (reply.status !== 202) throw new Error(`expected 202, got ${reply.status}: ${JSON.stringify(created)}`);
  return created;
}

/**
 * Waits for the batch to end: on its stream's `batch.completed`, or its status if it already ended.
 * `headers` carry the submitter's key where the API has keys.
 */
export async function untilEnded(batchId: string, headers: Record<string, string> = {}): Promise<BatchReply> {
  const stream: Subscription = await subscribe("", `/v1/batches/${batchId}/stream`, headers);
  try {
    const [snapshot] = await stream.until(isType("snapshot"));
    if (snapshot!.status === "running") await stream.until(isType("batch.completed"));
  } finally {
    stream.close();
  }
  return json<BatchReply>(await call(`/v1/batches/${batchId}`, { headers }));
}

/**
 * Waits until every item has its outcome. A cancelled batch has ended while the items already running
 * still finish in their cells: a test that leaves them running would have them log, and call their
 * gate, while its file's environment closes (vitest fails the run on that).
 */
export async function untilSettled(batchId: string): Promise<BatchReply> {
  let batch: BatchReply | undefined;
  await expect
    .poll(async () => {
      batch = await json<BatchReply>(await call(`/v1/batches/${batchId}`));
      return batch.completed + batch.failed + batch.skipped === batch.total;
    }, { timeout: 60_000, interval: 100 })
    .toBe(true);
  return batch!;
}

/** The batch's NDJSON results, parsed. */
export async function resultLines(batchId: string, query = ""): Promise<ResultLine[]> {
  const reply = await call(`/v1/batches/${batchId}/results${query}`);
  // Decoded by hand: workerd warns on `.text()` of an application/x-ndjson body, and a warning still in
  // flight when the file's environment closes fails the run.
  const text = new TextDecoder().decode(await reply.arrayBuffer());
  if (reply.status !== 200) throw new Error(`results: ${reply.status} ${text}`);
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as ResultLine);
}

/** Cancels a batch (a POST with no body). */
export async function cancel(batchId: string): Promise<BatchReply> {
  return json<BatchReply>(await call(`/v1/batches/${batchId}/cancel`, { method: "POST" }));
}
