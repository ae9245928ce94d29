/**
 * The tag of a prompt's content fence: an HMAC-SHA256, under a per-deployment secret, of what the
 * fence holds. Content cannot close its own fence: it would have to contain a keyed digest of itself.
 * The tag is deterministic for a deployment (a retried call is the same call, and the fake model and
 * caches see the same prompt), yet nobody without the secret can compute it.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key of a secret, imported once per isolate. */
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

/**
 * The fence tag of a prompt's fenced texts (the content, then the context when there is one): `C` and
 * 32 uppercase hex digits (128 bits of the HMAC), as long as `FENCE_TAG_PLACEHOLDER` in src/judge/prompt.ts.
 * Each text is length-prefixed, so no two different lists share a tag.
 *
 * @example
 * await fenceTag(config.fenceSecret, [content, context]); // "C3F09A…"
 */
export async function fenceTag(secret: string, texts: readonly (string | undefined)[]): Promise<string> {
  const message = texts.map((text) => (text === undefined ? "-\n" : `${text.length}:${text}\n`)).join("");
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message)));
  return `C${[...mac.subarray(0, 16)].map((byte) => byte.toString(16).padStart(2, "0")).join("").toUpperCase()}`;
}

/**
 * The fence secret of a deployment: `FENCE_SECRET` when set; otherwise derived from the secrets the
 * deployment already has (model keys, the libSQL token, API key digests, the webhook secret), so it is
 * stable across isolates and restarts and unguessable while any of them is secret. A deployment with
 * none of them (local development) gets a fixed one: nothing there is worth forging a fence for.
 */
export function fenceSecretOf(vars: {
  FENCE_SECRET?: string | undefined;
  secrets: readonly (string | undefined)[];
}): string {
  if (vars.FENCE_SECRET) return vars.FENCE_SECRET;
  return JSON.stringify(["fence-v1", ...vars.secrets.map((secret) => secret ?? "")]);
}
