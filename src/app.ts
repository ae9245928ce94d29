import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { configOf } from "./config.ts";
import { ApiError, problemResponse, toApiError } from "./errors.ts";
import { instanceHeader } from "./middleware/instance.ts";
import { jsonBody, validationError } from "./middleware/json-body.ts";
import { MAX_CONTEXT_BYTES } from "./schemas/judgment.ts";
import { streamCell } from "./routes/cells-stream.ts";
import { health } from "./routes/health.ts";
import { createJudgment } from "./routes/judgments-create.ts";
import { getJudgment } from "./routes/judgments-get.ts";
import { listJudgmentsRoute } from "./routes/judgments-list.ts";
import { createRubric } from "./routes/rubrics-create.ts";
import { readRubrics } from "./routes/rubrics-read.ts";

/** Room for JSON escaping and the small fields around `content` and `context`. */
const bodyLimit = (env: Env) => 2 * (configOf(env).maxContentBytes + MAX_CONTEXT_BYTES) + 8_192;

/** Maps anything thrown in a handler to the problem+json envelope. */
function toProblem(error: unknown): ApiError {
  if (error instanceof HTTPException && error.status < 500) {
    return new ApiError(error.status === 413 ? "payload_too_large" : "invalid_request", error.message);
  }
  const apiError = toApiError(error);
  if (apiError.code === "internal") console.error(JSON.stringify({ event: "unhandled_error", error: String(error) }));
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
  app.use("*", instanceHeader);
  app.use("/v1/*", jsonBody({ maxBytes: bodyLimit }));
  app.route("/", health);
  app.route("/", createJudgment);
  app.route("/", getJudgment);
  app.route("/", listJudgmentsRoute);
  app.route("/", streamCell);
  app.route("/", createRubric);
  app.route("/", readRubrics);
  app.notFound((c) => problemResponse(new ApiError("not_found", `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((error) => problemResponse(toProblem(error)));
  return app;
}

export type App = ReturnType<typeof createApp>;
