import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import { ApiError } from "../errors.ts";
import { checkJsonShape, DEFAULT_JSON_SHAPE_LIMITS, type JsonShapeLimits } from "../security/json-shape.ts";

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

export interface JsonBodyOptions {
  /** Largest body accepted at a path, in bytes, checked before anything is parsed. */
  maxBytes: (env: Env, path: string) => number;
  /** Bounds on nesting, sizes, keys, strings and numbers of the parsed body (per path when a function). */
  shape?: JsonShapeLimits | ((path: string) => JsonShapeLimits);
  /** Media types other than JSON a path takes (its route reads and checks those bodies itself). */
  otherMediaTypes?: (path: string) => readonly string[];
}

const CHARSET_PARAMETER = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/** Whether a `charset` parameter names something other than UTF-8 (RFC 8259 §8.1: JSON is UTF-8). */
function namesOtherCharset(contentType: string): boolean {
  const charset = CHARSET_PARAMETER.exec(contentType)?.[1]?.toLowerCase();
  return charset !== undefined && charset !== "utf-8" && charset !== "utf8";
}

/**
 * Guards a JSON endpoint before its body is parsed: 415 for another media type or charset, 413 past
 * `maxBytes` (declared or actual), 400 for bytes that are not UTF-8 or not JSON, and 400 for a document
 * outside `shape` (too deep or wide, prototype keys, lone surrogates, NUL, out-of-range numbers).
 *
 * @example
 * app.use("/v1/judgments", jsonBody({ maxBytes: (env) => 200_000 }));
 */
export const jsonBody = (options: JsonBodyOptions) =>
  createMiddleware<{ Bindings: Env }>(async (c, next) => {
    if (c.req.method !== "POST" && c.req.method !== "PUT" && c.req.method !== "PATCH") return next();
    const contentType = c.req.header("content-type") ?? "";
    const mediaType = contentType.split(";")[0]!.trim();
    if (options.otherMediaTypes?.(c.req.path).includes(mediaType.toLowerCase())) return next();
    if (!JSON_MEDIA_TYPE.test(mediaType) || namesOtherCharset(contentType)) {
      throw new ApiError("unsupported_media_type", "send the body as application/json");
    }
    const maxBytes = options.maxBytes(c.env, c.req.path);
    const length = c.req.header("content-length");
    const declared = Number(length ?? "0");
    if (declared > maxBytes) throw tooLarge(maxBytes);
    // A declared length bounds the body (HTTP framing delivers no more): read it in one call. Only a
    // chunked body, which declares nothing, is read piece by piece and cut off at the limit.
    const bytes = length !== undefined && Number.isSafeInteger(declared)
      ? new Uint8Array(await c.req.raw.arrayBuffer())
      : await readAtMost(c.req.raw.body, maxBytes);
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new ApiError("invalid_request", "the body is not valid UTF-8");
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new ApiError("invalid_request", "the body is not valid JSON");
    }
    const shape = typeof options.shape === "function" ? options.shape(c.req.path) : options.shape;
    const violation = checkJsonShape(document, shape ?? DEFAULT_JSON_SHAPE_LIMITS);
    if (violation) throw new ApiError("invalid_request", `the body is out of bounds: ${violation.message}`, { errors: [violation] });
    // Hand the parsed body to Hono's body cache, which the route's validator reads (`c.req.json()`):
    // the stream can be read only once, and parsing it again would be wasted work.
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
    cache.arrayBuffer = Promise.resolve(bytes.buffer);
    cache.json = Promise.resolve(document);
    return next();
  });

/**
 * Reads a body, stopping as soon as it passes `maxBytes`: a chunked upload declares no length, and
 * buffering all of it first could exhaust the isolate's memory
 * (https://developers.cloudflare.com/workers/platform/limits/#memory).
 */
export async function readAtMost(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(total);
  chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.byteLength), 0);
  return bytes;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError("payload_too_large", `the body exceeds ${maxBytes} bytes`);
}

/**
 * The error's issues, each failed union replaced by the issues of the alternative the value came
 * nearest to (fewest issues): "items.3.content: too small" rather than "items.3: invalid input".
 */
export function nearestIssues(error: z.ZodError): z.core.$ZodIssue[] {
  const flatten = (issue: z.core.$ZodIssue): z.core.$ZodIssue[] => {
    if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
    const nearest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
    return nearest.flatMap((inner) => flatten({ ...inner, path: [...issue.path, ...inner.path] }));
  };
  return error.issues.flatMap(flatten);
}

/** Turns zod issues into the `errors` list of a 400 problem. */
export function validationError(error: z.ZodError): ApiError {
  const errors = nearestIssues(error).map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
  return new ApiError("invalid_request", `the request is invalid: ${summary}`, { errors });
}
