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
import { replyWithProblem, requestLog } from "./middleware/request-log.ts";
import { requestTarget } from "./middleware/request-target.ts";
import { RouteTable } from "./middleware/route-table.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { MAX_CONTEXT_BYTES } from "./schemas/judgment.ts";
import { streamCell } from "./routes/cells-stream.ts";
import { createComparison } from "./routes/comparisons-create.ts";
import { readComparisons } from "./routes/comparisons-read.ts";
import { evaluations } from "./routes/evaluations.ts";
import { judgeDrift } from "./routes/judges-drift.ts";
import { docs } from "./routes/docs.ts";
import { health } from "./routes/health.ts";
import { createJudgment } from "./routes/judgments-create.ts";
import { getJudgment } from "./routes/judgments-get.ts";
import { listJudgmentsRoute } from "./routes/judgments-list.ts";
import { openApiDocument } from "./routes/openapi.ts";
import { createRubric } from "./routes/rubrics-create.ts";
import { readRubrics } from "./routes/rubrics-read.ts";
import { log } from "./observability/log.ts";

/** Room for JSON escaping and the small fields around `content` and `context`. */
const bodyLimit = (env: Env) => 2 * (configOf(env).maxContentBytes + MAX_CONTEXT_BYTES) + 8_192;

/** Maps anything thrown in a handler to the problem+json envelope. */
function toProblem(error: unknown, requestId: string): ApiError {
  if (error instanceof HTTPException && error.status < 500) {
    return new ApiError(error.status === 413 ? "payload_too_large" : "invalid_request", error.message);
  }
  const apiError = toApiError(error);
  if (apiError.code === "internal") log("unhandled_error", { request_id: requestId, error: String(error) });
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
  app.use("/v1/*", rateLimit());
  app.use("*", allowedMethods({ routes }));
  app.use("/v1/*", jsonBody({ maxBytes: bodyLimit }));
  // Chained so the app's type carries every route: the typed client (src/client) is inferred from it.
  const api = app
    .route("/", health)
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
    .route("/", openApiDocument(app))
    .route("/", docs);
  app.notFound((c) => replyWithProblem(c, new ApiError("not_found", `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => replyWithProblem(c, toProblem(error, c.get("requestId"))));
  return api;
}

export type App = ReturnType<typeof createApp>;
