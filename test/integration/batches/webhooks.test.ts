import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it, vi } from "vitest";
import { verifyWebhook, WEBHOOK_GIVE_UP_MS } from "../../../src/batches/webhook-signature.ts";
import { batchStub } from "../../../src/objects/batch.ts";
import { OPEN_TENANT } from "../../../src/security/tenant.ts";
import { TEST_WEBHOOK_SECRET } from "../../support/webhook-secret.ts";
import type { ReceivedWebhook } from "../../support/webhook-receiver.ts";
import { call, json, uniqueName } from "../../support/workers/http.ts";
import { submitBatch, untilEnded, type BatchReply } from "./helpers.ts";

async function received(path: string): Promise<ReceivedWebhook[]> {
  return (await fetch(`${inject("webhookUrl")}/received?path=${encodeURIComponent(path)}`)).json() as Promise<ReceivedWebhook[]>;
}

/** Waits until the receiver got `count` deliveries on `path` (the webhook is sent from the batch's alarm). */
async function deliveries(path: string, count: number): Promise<ReceivedWebhook[]> {
  return vi.waitFor(async () => {
    const got = await received(path);
    if (got.length < count) throw new Error(`${got.length} of ${count} deliveries so far`);
    return got;
  }, { timeout: 30_000, interval: 100 });
}

describe("a batch's webhook", () => {
  it("POSTs the ended batch to callback_url, signed with WEBHOOK_SECRET", { timeout: 60_000 }, async () => {
    const path = `/hooks/${uniqueName("signed")}`;
    const created = await submitBatch({ items: [{ content: uniqueName("hooked") }], callback_url: `${inject("webhookUrl")}${path}`, metadata: { run: "signed" } });
    await untilEnded(created.batch_id);
    const [delivery] = await deliveries(path, 1);
    expect(delivery!.contentType).toBe("application/json");
    expect(delivery!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now = Math.floor(Date.now() / 1000);
    expect(await verifyWebhook(TEST_WEBHOOK_SECRET, delivery!.body, delivery!.signature!, now)).toBe(true);
    expect(await verifyWebhook("another secret", delivery!.body, delivery!.signature!, now)).toBe(false);
    expect(await verifyWebhook(TEST_WEBHOOK_SECRET, `${delivery!.body} `, delivery!.signature!, now)).toBe(false);
    const body = JSON.parse(delivery!.body) as BatchReply & { metadata: unknown };
    expect(body).toMatchObject({ batch_id: created.batch_id, status: "completed", completed: 1, metadata: { run: "signed" } });
  });

  it("retries after a 500 with backoff and records each attempt", { timeout: 60_000 }, async () => {
    const path = `/hooks/${uniqueName("retry")}`;
    const created = await submitBatch({ items: [{ content: uniqueName("retried") }], callback_url: `${inject("webhookUrl")}${path}?fail=1` });
    await untilEnded(created.batch_id);
    const got = await deliveries(path, 2);
    expect(got.map((delivery) => delivery.status)).toEqual([500, 204]);
    expect(got[1]!.at - got[0]!.at).toBeGreaterThanOrEqual(900);
    const batch = await vi.waitFor(async () => {
      const current = await json<BatchReply>(await call(`/v1/batches/${created.batch_id}`));
      if (current.webhook?.status !== "delivered") throw new Error("not recorded yet");
      return current;
    });
    expect(batch.webhook).toMatchObject({ status: "delivered", attempts: 2, last_status: 204 });
  });

  it("stops retrying 24 h after the first attempt and records that it gave up", { timeout: 60_000 }, async () => {
    const path = `/hooks/${uniqueName("give-up")}`;
    // The receiver answers 500 to every delivery.
    const created = await submitBatch({ items: [{ content: uniqueName("abandoned") }], callback_url: `${inject("webhookUrl")}${path}?fail=1000000` });
    await untilEnded(created.batch_id);
    await deliveries(path, 1);
    const described = async () => json<BatchReply>(await call(`/v1/batches/${created.batch_id}`));
    await vi.waitFor(async () => {
      if (((await described()).webhook?.attempts ?? 0) < 1) throw new Error("the first attempt is not recorded yet");
    }, { timeout: 30_000, interval: 50 });
    // The clock moved on: the attempts recorded so far were made 24 h ago. The next retry (due within
    // seconds of the first) is then past the 24 h and is the last.
    const stub = () => batchStub(env, OPEN_TENANT, created.batch_id);
    await runInDurableObject(stub(), (_, state) => state.storage.sql.exec("UPDATE webhook_attempt SET at = at - ?", WEBHOOK_GIVE_UP_MS));
    const batch = await vi.waitFor(async () => {
      const current = await described();
      if (current.webhook?.status !== "failed") throw new Error(`webhook ${JSON.stringify(current.webhook)}`);
      return current;
    }, { timeout: 30_000, interval: 100 });
    const got = await received(path);
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(batch.webhook).toMatchObject({ status: "failed", attempts: got.length, last_status: 500 });
    // Given up for good: a wake-up of the object delivers nothing more.
    await runDurableObjectAlarm(stub());
    expect(await received(path)).toHaveLength(got.length);
    expect((await described()).webhook).toMatchObject({ status: "failed", attempts: got.length });
  });
});
