import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { ConfigError, configOf } from "../config.ts";
import { ApiError } from "../errors.ts";
import { fromHex, keyFromProtocols, matchDigest, parseBearer, sha256, toHex, type BearerToken } from "../security/api-keys.ts";
import { log } from "../observability/log.ts";
import { clientNetwork } from "../security/client-address.ts";
import { reportMisconfiguration } from "./config-guard.ts";

declare module "hono" {
  interface ContextVariableMap {
    /**
     * Who is calling, for rate limits and logs: `key:<sha-256 hex of the key>` when API keys are
     * configured, `ip:<CF-Connecting-IP, or its IPv6 /64>` when the API is open.
     */
    client: string;
  }
}

export interface ApiKeyAuthOptions {
  /** Accepted keys' SHA-256 hex digests. Default: `API_KEYS`. */
  digests?: (env: Env) => readonly string[];
  /** Whether no digests leaves the API open (else 503 `misconfigured`). Default: `AUTH=off`. */
  openWithoutKeys?: (env: Env) => boolean;
  /** `realm` of the `WWW-Authenticate` challenge. */
  realm?: string;
}

let warnedOpen = false;

/** Logged once per isolate: workerd has no start hook, and an open API is worth one line, not one per request. */
function warnOpenOnce(): void {
  if (warnedOpen) return;
  warnedOpen = true;
  log("auth_disabled", { message: "API_KEYS is not set and AUTH=off: the /v1 API is open to anyone" });
}

/** Retried by nobody soon: only the operator can set keys. */
const NO_KEYS_RETRY_AFTER_SECONDS = 60;

/** The `misconfigured` log line of a Worker with no keys and no explicit `AUTH=off` (once per isolate). */
const NO_KEYS = new ConfigError([{ variable: "API_KEYS", accepted: "comma-separated SHA-256 hex digests of the accepted keys, or AUTH=off for an open API (loopback only)" }]);

/**
 * The reply of `/v1` on a Worker with no keys and no explicit `AUTH=off`: secure by default, so a
 * deployment that forgot its keys refuses everyone rather than spend its model credit for anyone.
 */
const noKeysProblem = () =>
  new ApiError(
    "misconfigured",
    "the server has no API keys: its operator must set API_KEYS (SHA-256 digests of the keys) or, for an open API on a trusted network only, AUTH=off",
    { errors: [{ path: "API_KEYS", message: "expected comma-separated SHA-256 hex digests of the accepted keys (or AUTH=off)" }], retryAfterSeconds: NO_KEYS_RETRY_AFTER_SECONDS },
  );

const decodedDigests = new WeakMap<readonly string[], Uint8Array[]>();

function digestBytes(digests: readonly string[]): Uint8Array[] {
  let bytes = decodedDigests.get(digests);
  if (!bytes) {
    bytes = digests.map(fromHex);
    decodedDigests.set(digests, bytes);
  }
  return bytes;
}

function unauthorized(realm: string, detail: string, error?: "invalid_token"): ApiError {
  const challenge = error ? `Bearer realm="${realm}", error="${error}"` : `Bearer realm="${realm}"`;
  return new ApiError("unauthorized", detail, { headers: { "www-authenticate": challenge } });
}

/** The caller's network (its address, or its IPv6 /64) as Cloudflare reports it; absent in tests and local calls. */
const clientAddress = (c: Context) => clientNetwork(c.req.header("cf-connecting-ip") ?? "unknown");

/** The key of `Authorization: Bearer`, or, for a WebSocket upgrade without one, of its subprotocols. */
function presentedKey(c: Context): BearerToken {
  const bearer = parseBearer(c.req.header("authorization"));
  if (bearer.kind !== "missing" || c.req.header("upgrade")?.toLowerCase() !== "websocket") return bearer;
  const key = keyFromProtocols(c.req.header("sec-websocket-protocol"));
  return key === null ? bearer : { kind: "token", token: key };
}

/**
 * Requires `Authorization: Bearer <key>` (or, on a WebSocket upgrade, the subprotocol `bearer.<key>`) whose SHA-256 is one of the configured digests, and names the
 * caller in `c.get("client")`. With no digests configured every request is refused with 503
 * `misconfigured`, unless `AUTH=off` opens the API (a warning is logged once) and the caller is its
 * network (src/security/client-address.ts). The presented key is hashed and compared against every
 * digest in constant time; the key itself is never logged or echoed.
 *
 * @example
 * app.use("/v1/*", apiKeyAuth());
 * app.use("/admin/*", apiKeyAuth({ digests: (env) => configOf(env).adminKeyDigests, realm: "admin" }));
 */
export const apiKeyAuth = (options: ApiKeyAuthOptions = {}) => {
  const digestsOf = options.digests ?? ((env: Env) => configOf(env).apiKeyDigests);
  const openWithoutKeys = options.openWithoutKeys ?? ((env: Env) => configOf(env).openWithoutKeys);
  const realm = options.realm ?? "judgment-api";
  return createMiddleware<{ Bindings: Env }>(async (c, next) => {
    const digests = digestsOf(c.env);
    if (digests.length === 0) {
      if (!openWithoutKeys(c.env)) {
        reportMisconfiguration(c.env, NO_KEYS);
        throw noKeysProblem();
      }
      warnOpenOnce();
      c.set("client", `ip:${clientAddress(c)}`);
      return next();
    }
    const bearer = presentedKey(c);
    if (bearer.kind === "missing") throw unauthorized(realm, "send Authorization: Bearer <api key>");
    if (bearer.kind === "malformed") {
      throw unauthorized(realm, "the Authorization header must be Bearer followed by an API key", "invalid_token");
    }
    const presented = await sha256(bearer.token);
    const index = matchDigest(presented, digestBytes(digests), (a, b) => crypto.subtle.timingSafeEqual(a, b));
    if (index === -1) throw unauthorized(realm, "the API key is not valid", "invalid_token");
    c.set("client", `key:${toHex(presented)}`);
    return next();
  });
};
