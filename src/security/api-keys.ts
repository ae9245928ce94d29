/**
 * API key checks (README "Security"): clients send `Authorization: Bearer <key>`; the configuration holds only
 * SHA-256 digests of the keys, so a leaked configuration does not leak keys.
 */

/** RFC 6750 §2.1 `b64token`, bounded: no key needs more, and hashing a huge header is wasted work. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,512}=*) *$/i;

export type BearerToken = { kind: "missing" } | { kind: "malformed" } | { kind: "token"; token: string };

/**
 * Reads the bearer token of an `Authorization` header.
 *
 * @example
 * parseBearer("Bearer abc123"); // { kind: "token", token: "abc123" }
 * parseBearer("Basic dXNlcg=="); // { kind: "malformed" }
 */
export function parseBearer(header: string | undefined): BearerToken {
  if (header === undefined || header.trim() === "") return { kind: "missing" };
  const match = BEARER.exec(header);
  return match ? { kind: "token", token: match[1]! } : { kind: "malformed" };
}

/** The subprotocol a browser names to stream with a key (browsers cannot set headers on a WebSocket). */
export const STREAM_PROTOCOL = "judgment.v1";
const KEY_PROTOCOL = /^bearer\.([A-Za-z0-9\-._~+]{1,512})$/;

/**
 * The key a WebSocket request carries in `Sec-WebSocket-Protocol`, as
 * `new WebSocket(url, ["judgment.v1", "bearer.<key>"])` sends it; null when it carries none.
 * Subprotocols are RFC 7230 tokens, so keys holding `/` or `=` cannot travel this way.
 *
 * @example
 * keyFromProtocols("judgment.v1, bearer.k3y"); // "k3y"
 */
export function keyFromProtocols(header: string | undefined): string | null {
  for (const protocol of (header ?? "").split(",")) {
    const match = KEY_PROTOCOL.exec(protocol.trim());
    if (match) return match[1]!;
  }
  return null;
}

/** Lowercase hex of bytes. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Bytes of a validated even-length hex string (src/config.ts checks the digests' form). */
export function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** SHA-256 of a key's UTF-8 bytes. */
export async function sha256(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** Compares two equal-length byte strings in time independent of their contents. */
export type ConstantTimeEqual = (a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView) => boolean;

/**
 * Index of the configured digest equal to `presented`, or -1. Every digest is compared, in constant
 * time, with no early exit, so the reply time says nothing about which digest (or how much of one)
 * matched. `equal` is workerd's `crypto.subtle.timingSafeEqual`
 * (https://developers.cloudflare.com/workers/runtime-apis/web-crypto/#timingsafeequal).
 *
 * @example
 * const index = matchDigest(await sha256(token), digests.map(fromHex), crypto.subtle.timingSafeEqual);
 */
export function matchDigest(presented: ArrayBuffer, configured: readonly Uint8Array[], equal: ConstantTimeEqual): number {
  let matched = -1;
  configured.forEach((digest, index) => {
    const same = digest.byteLength === presented.byteLength && equal(digest, presented);
    matched = same && matched === -1 ? index : matched;
  });
  return matched;
}
