import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import { ApiError } from "../errors.ts";

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

export interface JsonBodyOptions {
  /** Largest body accepted, in bytes, checked before anything is parsed. */
  maxBytes: (env: Env) => number;
}

/**
 * Guards a JSON endpoint before its body is parsed: 415 for another media type, 413 past `maxBytes`
 * (declared or actual), 400 for bytes that are not UTF-8 or not JSON.
 *
 * @example
 * app.use("/v1/judgments", jsonBody({ maxBytes: (env) => 200_000 }));
 */
export const jsonBody = (options: JsonBodyOptions) =>
  createMiddleware<{ Bindings: Env }>(async (c, next) => {
    if (c.req.method !== "POST" && c.req.method !== "PUT" && c.req.method !== "PATCH") return next();
    const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new ApiError("unsupported_media_type", "send the body as application/json");
    }
    const maxBytes = options.maxBytes(c.env);
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > maxBytes) throw tooLarge(maxBytes);
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new ApiError("invalid_request", "the body is not valid UTF-8");
    }
    try {
      JSON.parse(text);
    } catch {
      throw new ApiError("invalid_request", "the body is not valid JSON");
    }
    return next();
  });

function tooLarge(maxBytes: number): ApiError {
  return new ApiError("payload_too_large", `the body exceeds ${maxBytes} bytes`);
}

/** Turns zod issues into the `errors` list of a 400 problem. */
export function validationError(error: z.ZodError): ApiError {
  const errors = error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
  return new ApiError("invalid_request", `the request is invalid: ${summary}`, { errors });
}
