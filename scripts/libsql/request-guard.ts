import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * What a request must show before the local libSQL server reads it: a loopback `Host` (so a web page
 * that rebinds its own DNS name to 127.0.0.1 cannot reach the server from a browser), the bearer
 * token when the server has one, and a JSON body on POST (a browser cannot send that cross-origin
 * without a CORS preflight, which this server never grants).
 */

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export interface RequestGuardOptions {
  /** The token clients send as `Authorization: Bearer <token>`; no check when undefined. */
  authToken?: string | undefined;
  /** Host names accepted besides the loopback ones (e.g. the address the server listens on). */
  extraHosts?: readonly string[];
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** `localhost:8080` → `localhost`, `[::1]:8080` → `[::1]`; null when it is no host at all. */
function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header.trim());
  return match ? match[1]!.toLowerCase() : null;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Paths answered without a token: a liveness probe carries no data. */
const OPEN_PATHS = new Set(["/health"]);

/**
 * Checks a request's headers; returns why it is refused, or null to let it through.
 *
 * @example
 * const guard = requestGuard({ authToken: "s3cret" });
 * guard("POST", "/v2/pipeline", req.headers); // { status: 401, ... } without the token
 */
export function requestGuard(options: RequestGuardOptions) {
  const hosts = new Set([...LOOPBACK_HOSTS, ...(options.extraHosts ?? []).map((host) => host.toLowerCase())]);
  const expected = options.authToken === undefined ? undefined : digest(options.authToken);
  return (method: string, path: string, headers: IncomingHttpHeaders): Refusal | null => {
    const host = hostName(headers.host);
    if (host === null || !hosts.has(host)) {
      return { status: 421, code: "MISDIRECTED", message: "this server answers only requests addressed to a loopback host" };
    }
    if (expected && !OPEN_PATHS.has(path)) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
      if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
        return { status: 401, code: "UNAUTHORIZED", message: "send Authorization: Bearer <token> (the server's LIBSQL_AUTH_TOKEN)" };
      }
    }
    if (method === "POST") {
      const type = (headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== "application/json") {
        return { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "the request body must be application/json" };
      }
    }
    return null;
  };
}
