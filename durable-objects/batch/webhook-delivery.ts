import { configOf } from "../../src/config.ts";
import { signWebhook, WEBHOOK_GIVE_UP_MS, webhookRetryDelayMs } from "../../src/batches/webhook-signature.ts";
import type { BatchStore } from "./batch-store.ts";

/** How long one delivery attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Delivers the batch's webhook if one is due: POSTs `body` to the callback, signed, and records the
 * attempt. A 2xx ends it; anything else schedules the next attempt with backoff, until 24 h after the
 * first. Returns when the next attempt is due, or null when nothing is left to deliver.
 */
export async function deliverWebhook(store: BatchStore, env: Env, body: () => string): Promise<number | null> {
  const meta = store.meta();
  if (!meta || meta.webhook_status !== "pending" || !meta.callback_url) return null;
  const now = Date.now();
  if (meta.webhook_next_at !== null && meta.webhook_next_at > now) return meta.webhook_next_at;
  const secret = configOf(env).webhookSecret;
  if (!secret) {
    store.recordAttempt({ at: now, status: null, error: "WEBHOOK_SECRET is not configured", durationMs: 0 });
    store.update({ webhook_status: "failed", webhook_next_at: null });
    return null;
  }
  const text = body();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const reply = await fetch(meta.callback_url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "judgment-api-webhook/1",
        "webhook-id": meta.batch_id,
        "webhook-signature": await signWebhook(secret, text, Math.floor(Date.now() / 1000)),
      },
      body: text,
    });
    status = reply.status;
    await reply.body?.cancel();
  } catch (caught) {
    error = caught instanceof Error ? caught.name : "fetch failed";
  }
  const attempt = store.recordAttempt({ at: now, status, error, durationMs: Date.now() - now });
  // Read from the attempts as recorded: the give-up follows what was tried, whatever this instance remembers.
  const firstAt = store.firstAttemptAt() ?? now;
  if (status !== null && status >= 200 && status < 300) {
    store.update({ webhook_status: "delivered", webhook_first_at: firstAt, webhook_next_at: null, webhook_delivered_at: Date.now() });
    return null;
  }
  const nextAt = Date.now() + webhookRetryDelayMs(attempt);
  if (nextAt - firstAt > WEBHOOK_GIVE_UP_MS) {
    store.update({ webhook_status: "failed", webhook_first_at: firstAt, webhook_next_at: null });
    return null;
  }
  store.update({ webhook_first_at: firstAt, webhook_next_at: nextAt });
  return nextAt;
}
