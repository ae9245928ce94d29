import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors.ts";
import type { RouteTable } from "./route-table.ts";

export interface AllowedMethodsOptions {
  /** The app's routes. */
  routes: RouteTable;
}

/**
 * Answers 405 `method_not_allowed` with `Allow` (RFC 9110 §15.5.6) when the path is a known route but
 * the method is not one of its methods, before any body is read; unknown paths fall through to 404.
 *
 * @example
 * const routes = new RouteTable(() => app.routes);
 * app.use("*", allowedMethods({ routes }));
 */
export const allowedMethods = (options: AllowedMethodsOptions) =>
  createMiddleware(async (c, next) => {
    const matching = options.routes.matching(c.req.path);
    if (matching.length === 0 || matching.some(({ methods }) => methods.has(c.req.method))) return next();
    const allow = [...new Set(matching.flatMap(({ methods }) => [...methods]))].sort().join(", ");
    throw new ApiError("method_not_allowed", `${c.req.method.slice(0, 32)} is not allowed here; use ${allow}`, {
      headers: { allow },
    });
  });
