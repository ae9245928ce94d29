import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors.ts";

export interface RequestTargetOptions {
  /** Longest path, in characters as sent (percent-encoded). The longest route path is ~150. */
  maxPathLength?: number;
  /** Longest query string, in characters as sent, without the `?`. */
  maxQueryLength?: number;
  /** Most query parameters. */
  maxQueryParams?: number;
}

const DEFAULTS: Required<RequestTargetOptions> = { maxPathLength: 1_024, maxQueryLength: 2_048, maxQueryParams: 16 };

/** Characters a decoded path or query component may not hold: controls, which no id or filter uses. */
const CONTROL = /[\u0000-\u001f\u007f]/;

function decoded(component: string, what: string): string {
  let value: string;
  try {
    value = decodeURIComponent(component);
  } catch {
    throw new ApiError("invalid_request", `the ${what} has invalid percent-encoding`);
  }
  if (CONTROL.test(value)) throw new ApiError("invalid_request", `the ${what} contains control characters`);
  return value;
}

function checkQuery(query: string, options: Required<RequestTargetOptions>): void {
  if (query.length > options.maxQueryLength) {
    throw new ApiError("invalid_request", `the query string exceeds ${options.maxQueryLength} characters`);
  }
  const pairs = query.split("&").filter((pair) => pair !== "");
  if (pairs.length > options.maxQueryParams) {
    throw new ApiError("invalid_request", `at most ${options.maxQueryParams} query parameters are accepted`);
  }
  const names = new Set<string>();
  for (const pair of pairs) {
    const separator = pair.indexOf("=");
    // Form encoding: `+` is a space, as Hono's query parser reads it.
    const [name, value] = separator === -1 ? [pair, ""] : [pair.slice(0, separator), pair.slice(separator + 1)];
    decoded(value.replaceAll("+", " "), "query string");
    const key = decoded(name.replaceAll("+", " "), "query string");
    // No parameter is a list, and a repeated one would be read differently by different layers.
    if (names.has(key)) {
      throw new ApiError("invalid_request", `query parameter "${key.slice(0, 64)}" is repeated`, {
        errors: [{ path: key.slice(0, 64), message: "repeated query parameter" }],
      });
    }
    names.add(key);
  }
}

/**
 * Bounds and validates the request target before any route sees it: path and query length, the
 * number of query parameters, repeated parameters, percent-encoding and control characters. Hono
 * itself falls back to the raw text on bad percent-encoding, so without this a malformed path or
 * query would reach routes half-decoded.
 *
 * @example
 * app.use("*", requestTarget({ maxQueryParams: 8 }));
 */
export const requestTarget = (options: RequestTargetOptions = {}) => {
  const limits = { ...DEFAULTS, ...options };
  return createMiddleware(async (c, next) => {
    // The URL parser keeps percent-encoding as sent (malformed escapes included) in both parts.
    const { pathname, search } = new URL(c.req.url);
    if (pathname.length > limits.maxPathLength) {
      throw new ApiError("invalid_request", `the path exceeds ${limits.maxPathLength} characters`);
    }
    // Most paths carry no escape at all: nothing to decode, so nothing can be malformed.
    if (pathname.includes("%")) pathname.split("/").forEach((segment) => decoded(segment, "path"));
    if (search.length > 1) checkQuery(search.slice(1), limits);
    return next();
  });
};
