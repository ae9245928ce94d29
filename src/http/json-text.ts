import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * A JSON reply from text that is already the serialization of a `T` (a cell serializes its judgment
 * once and sends the text across RPC), typed as the route's JSON response so the OpenAPI route and the
 * typed client see the same contract as with `c.json`.
 *
 * @example
 * return jsonText<Judgment, 200>(c, await cell.read(), 200);
 */
export function jsonText<T, S extends ContentfulStatusCode>(c: Context, text: string, status: S, headers: Record<string, string> = {}) {
  return c.body(text, status, { ...headers, "content-type": "application/json" }) as unknown as TypedResponse<T, S, "json">;
}
