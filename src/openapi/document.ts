import type { OpenAPIHono } from "@hono/zod-openapi";
import pkg from "../../package.json" with { type: "json" };
import type { ErrorCode } from "../errors.ts";
import { problemExamples, retryAfterHeader } from "../schemas/problem.ts";

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (each route declares its own
 * request, replies and problem codes), plus the conventions every route shares, added here once
 * rather than repeated in each route: bearer auth on `/v1`, the `invalid_request` 400 of the request
 * target check, and the `internal` 500 any route can reply.
 *
 * Each route names its operation with an `operationId` in `createRoute`: a verb and the resource in
 * camelCase (`createJudgment`, `getJudgment`, `listJudgments`), never derived from the path, so
 * generated clients keep their method names when a path changes. The document is linted with
 * Redocly's recommended ruleset in `npm test` (redocly.yaml).
 */

type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

/** What the document is generated from: the app, once every route is registered. */
export type DocumentSource = Pick<OpenAPIHono, "getOpenAPI31Document">;

const DESCRIPTION = `Judges a piece of content (code, text, a decision) against a rubric of weighted dimensions and
returns axiom scores, a Q-score (0–100), a verdict (HOWL ≥ 80 > WAG ≥ 50 > GROWL ≥ 38.2 > BARK for
\`cynic-36\`) and a confidence bounded by φ⁻¹ ≈ 0.618.

**Cells.** Each thing judged is a *cell*, judged exactly once however many clients ask at once: send
your own \`cell_id\` or let the API derive one from the request. A completed judgment is final; asking
again returns it with \`"cached": true\`.

**Streams.** \`GET /v1/cells/{cell_id}/stream\` is a WebSocket that sends a snapshot, then every
dimension as it is scored, then the judgment.

**Errors** are \`application/problem+json\` (RFC 9457) with a stable \`code\`; 429 and 503 carry
\`Retry-After\`. Each operation lists its codes; besides them, an unknown path answers 404 \`not_found\`
and a method a path does not have answers 405 \`method_not_allowed\` with \`Allow\`.

**Auth.** Every \`/v1\` route needs \`Authorization: Bearer <key>\` (a server without \`API_KEYS\` answers
503 \`misconfigured\` there, unless its operator opened it with \`AUTH=off\`); \`/health\` (liveness only),
\`/openapi.json\` and \`/docs\` stay open. Each key belongs to a tenant, and sees only its tenant's
judgments, comparisons, batches, evaluations and custom rubrics: another tenant's id answers 404.`;

const CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Edge judgment API",
    version: pkg.version,
    description: DESCRIPTION,
    // The package is private and ships under no public licence; SPDX's LicenseRef- form says so.
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
  },
  // Relative: the API is wherever this document is served from (a deployment, or `npm start`).
  servers: [{ url: "/", description: "The deployment serving this document" }],
  tags: [
    { name: "judgments", description: "Submit content and read judgments." },
    { name: "cells", description: "Watch a cell's judgment live." },
    { name: "rubrics", description: "The rubrics judgments are scored against." },
    { name: "comparisons", description: "Compare two answers dimension by dimension, in both orders." },
    { name: "evaluations", description: "Judge a labelled set and report agreement with the labels." },
    { name: "batches", description: "Judge up to 10,000 items in one request: progress, results, webhooks." },
    { name: "health", description: "Liveness and dependencies." },
    { name: "docs", description: "This document and the interactive docs." },
    { name: "dashboard", description: "HTML pages for people: judgments, live judging, batches and status, filled from this API by their script." },
  ],
};

const BEARER_AUTH = {
  bearerAuth: {
    type: "http" as const,
    scheme: "bearer",
    description: "One of the keys whose SHA-256 hex digest is listed in `API_KEYS`; unchecked only when the server sets `AUTH=off` and no keys.",
  },
};

const INTERNAL_ERROR = {
  description: "Problem details; code: internal (an unexpected error, logged; never a stack trace)",
  content: {
    "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" }, examples: problemExamples(["internal"]) },
  },
};

type ProblemResponse = { description: string; content?: Record<string, { examples?: Record<string, unknown> }> };

/**
 * The 503 codes every operation may answer beside its own: `misconfigured` while the server's
 * configuration is invalid (src/middleware/config-guard.ts), and on /v1 a platform fault in a call into
 * a Durable Object (`platformFault` in src/errors.ts): `overloaded`, or `storage_unavailable` when an
 * object's own SQLite cannot be opened or written.
 */
function sharedUnavailableCodes(path: string): ErrorCode[] {
  return path.startsWith("/v1/") ? ["overloaded", "storage_unavailable", "misconfigured"] : ["misconfigured"];
}

/** Adds `codes` to the operation's 503, beside the codes it declares itself (if any). */
function withUnavailable(responses: Record<string, unknown>, codes: ErrorCode[]): void {
  const own = responses["503"] as ProblemResponse | undefined;
  const problem = own?.content?.["application/problem+json"];
  const added = codes.filter((code) => !(code in (problem?.examples ?? {})));
  if (added.length === 0) return;
  responses["503"] = {
    ...retryAfterHeader(503),
    ...own,
    description: own ? `${own.description}, ${added.join(", ")}` : `Problem details; code: ${added.join(", ")}`,
    content: {
      ...own?.content,
      "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" }, ...problem, examples: { ...problem?.examples, ...problemExamples(added) } },
    },
  };
}

/** The request target check (src/middleware/request-target.ts) runs before every route. */
const INVALID_TARGET = {
  description: "Problem details; code: invalid_request (a malformed request target: bad percent-encoding, control characters, a repeated or excess query parameter)",
  content: {
    "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" }, examples: problemExamples(["invalid_request"]) },
  },
};

/**
 * Adds what every operation shares: its auth requirement, the target check's 400, the shared 503s
 * and the `internal` 500.
 */
function withSharedConventions(document: OpenApiDocument): OpenApiDocument {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== "object" || operation === null || !("responses" in operation)) continue;
      operation.security = path.startsWith("/v1/") ? [{ bearerAuth: [] }] : [];
      operation.responses ??= {};
      withUnavailable(operation.responses as Record<string, unknown>, sharedUnavailableCodes(path));
      operation.responses["400"] ??= INVALID_TARGET;
      operation.responses["500"] ??= INTERNAL_ERROR;
    }
  }
  document.components = { ...document.components, securitySchemes: BEARER_AUTH };
  return document;
}

const cache = new WeakMap<DocumentSource, OpenApiDocument>();

/**
 * The document for `source`, generated on first use and kept for the isolate's life: the routes do not
 * change after start, and generation walks every schema.
 *
 * @example
 * const document = openApiDocumentOf(createApp());
 * Object.keys(document.paths ?? {}); // ["/health", "/v1/judgments", ...]
 */
export function openApiDocumentOf(source: DocumentSource): OpenApiDocument {
  let document = cache.get(source);
  if (!document) {
    document = withSharedConventions(source.getOpenAPI31Document(CONFIG));
    cache.set(source, document);
  }
  return document;
}
