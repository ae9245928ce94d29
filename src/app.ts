import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { configOf } from "./config.ts";
import { ApiError, toApiError } from "./errors.ts";
import { allowedMethods } from "./middleware/allowed-methods.ts";
import { configGuard } from "./middleware/config-guard.ts";
import { apiKeyAuth } from "./middleware/api-key-auth.ts";
import { instanceHeader } from "./middleware/instance.ts";
import { jsonBody, validationError } from "./middleware/json-body.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { rateLimitHeaders } from "./middleware/ratelimit-headers.ts";
import { replyWithProblem, requestLog } from "./middleware/request-log.ts";
import { requestTarget } from "./middleware/request-target.ts";
import { RouteTable } from "./middleware/route-table.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { MAX_BATCH_ITEMS } from "./schemas/batch.ts";
import { MAX_CONTEXT_BYTES } from "./schemas/judgment.ts";
import { DEFAULT_JSON_SHAPE_LIMITS, type JsonShapeLimits } from "./security/json-shape.ts";
import { streamCell } from "./routes/cells-stream.ts";
import { createComparison } from "./routes/comparisons-create.ts";
import { readComparisons } from "./routes/comparisons-read.ts";
import { evaluations } from "./routes/evaluations.ts";
import { judgeDrift } from "./routes/judges-drift.ts";
import { dashboard } from "./dashboard/routes.ts";
import { docs } from "./routes/docs.ts";
import { health } from "./routes/health.ts";
import { healthDetail } from "./routes/health-detail.ts";
import { createJudgment } from "./routes/judgments-create.ts";
import { getJudgment } from "./routes/judgments-get.ts";
import { listJudgmentsRoute } from "./routes/judgments-list.ts";
import { openApiDocument } from "./routes/openapi.ts";
import { cancelBatch } from "./routes/batches-cancel.ts";
import { createBatch, NDJSON } from "./routes/batches-create.ts";
import { getBatch } from "./routes/batches-get.ts";
import { listBatchesRoute } from "./routes/batches-list.ts";
import { getBatchResults } from "./routes/batches-results.ts";
import { streamBatch } from "./routes/batches-stream.ts";
import { createRubric } from "./routes/rubrics-create.ts";
import { readRubrics } from "./routes/rubrics-read.ts";
import { log } from "./observability/log.ts";

const BATCHES_PATH = "/v1/batches";
const EVALUATIONS_PATH = "/v1/evaluations";
const CANCEL_PATH = /^\/v1\/batches\/[^/]+\/cancel$/;
/** The two routes that take many items in one body: only they get the bulk bounds below. */
const BULK_PATHS: ReadonlySet<string> = new Set([BATCHES_PATH, EVALUATIONS_PATH]);

/** Room for JSON escaping and the small fields around `content` and `context`; a bulk route has its own limit. */
const bodyLimit = (env: Env, path: string) =>
  BULK_PATHS.has(path) ? configOf(env).batchMaxBytes : 2 * (configOf(env).maxContentBytes + MAX_CONTEXT_BYTES) + 8_192;

/** A batch or an evaluation holds up to 10,000 items of a few values each. */
const BULK_SHAPE: JsonShapeLimits = { ...DEFAULT_JSON_SHAPE_LIMITS, maxArrayLength: MAX_BATCH_ITEMS, maxValues: MAX_BATCH_ITEMS * 12 };
const bodyShape = (path: string) => (BULK_PATHS.has(path) ? BULK_SHAPE : DEFAULT_JSON_SHAPE_LIMITS);

/** A batch may also come as NDJSON; a cancel has no body at all. */
const otherMediaTypes = (path: string): readonly string[] => (path === BATCHES_PATH ? [NDJSON] : CANCEL_PATH.test(path) ? [""] : []);

/** Maps anything thrown in a handler to the problem+json envelope. */
function toProblem(error: unknown, requestId: string): ApiError {
  if (error instanceof HTTPException && error.status < 500) {
    return new ApiError(error.status === 413 ? "payload_too_large" : "invalid_request", error.message);
  }
  const apiError = toApiError(error);
  if (apiError === error) return apiError;
  if (apiError.code === "internal") log("unhandled_error", { request_id: requestId, error: String(error) });
  else log("platform_fault", { request_id: requestId, code: apiError.code, error: String(error) });
  return apiError;
}

/**
 * The Worker's routes. This file only wires: each endpoint lives in src/routes/, each middleware in
 * src/middleware/.
 */
export function createApp() {
  const app = new OpenAPIHono<{ Bindings: Env }>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
  // Order matters: the log and headers wrap everything; a bad configuration answers before anything
  // else reads it; the target is checked before auth, auth before the budget, and the method before
  // any body is read.
  const routes = new RouteTable(() => app.routes);
  app.use("*", requestLog({ routes }));
  app.use("*", securityHeaders());
  app.use("*", instanceHeader);
  app.use("*", configGuard());
  app.use("*", requestTarget());
  app.use("/v1/*", apiKeyAuth());
  app.use("/v1/*", rateLimitHeaders());
  app.use("/v1/*", rateLimit());
  app.use("*", allowedMethods({ routes }));
  app.use("/v1/*", jsonBody({ maxBytes: bodyLimit, shape: bodyShape, otherMediaTypes }));
  // Chained so the app's type carries every route: the typed client (src/client) is inferred from it.
  const api = app
    .route("/", health)
    .route("/", healthDetail)
    .route("/", createJudgment)
    .route("/", getJudgment)
    .route("/", listJudgmentsRoute)
    .route("/", streamCell)
    .route("/", createComparison)
    .route("/", readComparisons)
    .route("/", evaluations)
    .route("/", judgeDrift)
    .route("/", createRubric)
    .route("/", readRubrics)
    .route("/", createBatch)
    .route("/", listBatchesRoute)
    .route("/", getBatch)
    .route("/", getBatchResults)
    .route("/", streamBatch)
    .route("/", cancelBatch)
    .route("/", openApiDocument(app))
    .route("/", docs);
  // HTML pages, outside the chain: the typed client (src/client) is for the JSON API only.
  app.route("/", dashboard);
  app.notFound((c) => replyWithProblem(c, new ApiError("not_found", `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => replyWithProblem(c, toProblem(error, c.get("requestId"))));
  return api;
}

export type App = ReturnType<typeof createApp>;
