import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { type ApiError, type ErrorCode, problemResponse } from "../errors.ts";
import { RequestTiming } from "../observability/timing.ts";
import { CELL_ID_PATTERN } from "../schemas/judgment.ts";
import { configErrorOf, configOf } from "../config.ts";
import { currentInstanceId } from "./instance.ts";
import { setReplyHeaders } from "./reply-headers.ts";
import type { RouteTable } from "./route-table.ts";
import { log, type RequestLogLine } from "../observability/log.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** This request's id: a valid incoming `X-Request-Id`, or a fresh UUID. Echoed in the reply. */
    requestId: string;
    /** Named durations of this request, sent as `Server-Timing` (src/observability/timing.ts). */
    timing: RequestTiming;
    /** The cell a route works on, for the log line, when it is not a path parameter (a derived id). */
    cellId: string;
    /** The problem `code` of an error reply, for the log line. */
    errorCode: ErrorCode;
  }
}

export interface RequestLogOptions {
  /** The app's routes, to log the route pattern and the path's cell id. */
  routes?: RouteTable;
  /**
   * Where lines go; default `console.info`: Workers Logs ingests it as structured JSON, and `wrangler
   * dev` prints it at `--log-level info` (what `npm start` uses) but not at `warn` (load tests).
   */
  sink?: (line: RequestLogLine) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_LOGGED_PATH = 256;

/** The route the path names (the one for this method first) and the cell its path names. */
function routeOf(routes: RouteTable | undefined, method: string, path: string): { route: string | null; cellId: string | null } {
  const matching = routes?.matching(path) ?? [];
  const match = matching.find(({ methods }) => methods.has(method)) ?? matching[0];
  const cellId = match?.params.cell_id;
  return { route: match?.path ?? null, cellId: cellId !== undefined && CELL_ID_PATTERN.test(cellId) ? cellId : null };
}

const clientOf = (client: string | undefined) => (client?.startsWith("key:") ? client.slice(0, 16) : "anonymous");

/**
 * Gives each request an id and a timing recorder, and after the reply logs one JSON line (id, method,
 * path, route, cell, status, error code, duration, instance, client, tenant) and sets `X-Request-Id` and
 * `Server-Timing` on the reply. Register it first, so it sees the final reply.
 *
 * @example
 * app.use("*", requestLog({ routes: new RouteTable(() => app.routes) }));
 * // in a route: await c.get("timing").measure("storage", () => listJudgments(db, filters));
 */
export const requestLog = (options: RequestLogOptions = {}) => {
  const sink = options.sink ?? (({ event, ...fields }: RequestLogLine) => log(event, fields));
  return createMiddleware(async (c, next) => {
    const timing = new RequestTiming();
    const incoming = c.req.header("x-request-id");
    const requestId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("timing", timing);
    await next();
    const now = Date.now();
    setReplyHeaders(c, { "x-request-id": requestId, "server-timing": timing.header(now) });
    // A bad configuration cannot say whether to log: the line is logged (config-guard.ts answers).
    if (c.env && configErrorOf(c.env) === undefined && !configOf(c.env).requestLogs) return;
    const { route, cellId } = routeOf(options.routes, c.req.method, c.req.path);
    sink({
      event: "request",
      at: new Date(now).toISOString(),
      request_id: requestId,
      method: c.req.method,
      path: c.req.path.slice(0, MAX_LOGGED_PATH),
      route,
      cell_id: c.get("cellId") ?? cellId,
      status: c.res.status,
      code: c.get("errorCode") ?? null,
      duration_ms: timing.elapsedMs(now),
      timings: Object.fromEntries(timing.entries().map((entry) => [entry.name, entry.durationMs])),
      instance_id: currentInstanceId(),
      client: clientOf(c.get("client")),
      tenant: c.get("tenant") ?? null,
      ray: c.req.header("cf-ray") ?? null,
    });
  });
};

/**
 * The problem+json reply for `error`, with its code recorded for the request's log line. Use it in
 * `onError` and `notFound`.
 *
 * @example
 * app.onError((error, c) => replyWithProblem(c, toApiError(error)));
 */
export function replyWithProblem(c: Context, error: ApiError): Response {
  c.set("errorCode", error.code);
  return problemResponse(error);
}
