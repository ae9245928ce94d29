/**
 * Webhook signatures (README "Judge a dataset: batches"): `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">`, the scheme Stripe popularised: the timestamp inside the signed text lets a
 * receiver refuse replays older than its tolerance.
 */

const encoder = new TextEncoder();

const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, "0")).join("");

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", key, encoder.encode(text)));
}

/** The `Webhook-Signature` header value for `body` sent at `unixSeconds`. */
export async function signWebhook(secret: string, body: string, unixSeconds: number): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/**
 * Checks a received signature: what a receiver does (and the tests). Constant-time comparison, and a
 * timestamp within `toleranceSeconds` of `nowSeconds`.
 */
export async function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): Promise<boolean> {
  const fields = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const t = Number(fields.get("t"));
  const v1 = fields.get("v1") ?? "";
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = await hmacHex(secret, `${t}.${body}`);
  if (expected.length !== v1.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i += 1) difference |= expected.charCodeAt(i) ^ v1.charCodeAt(i);
  return difference === 0;
}

/** Deliveries stop this long after the first attempt (until a 2xx, or 24 h). */
export const WEBHOOK_GIVE_UP_MS = 24 * 60 * 60 * 1000;

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: 1 s, doubling, capped at an hour, so a
 * receiver down for a day still gets about 30 attempts.
 */
export function webhookRetryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
}
