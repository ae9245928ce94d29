import { createMiddleware } from "hono/factory";
import { ConfigError, configErrorOf, describeConfigIssue } from "../config.ts";

export { configErrorOf } from "../config.ts";
import { ApiError } from "../errors.ts";
import { log } from "../observability/log.ts";
import { currentInstanceId } from "./instance.ts";
import { replyWithProblem } from "./request-log.ts";

/** A misconfiguration is fixed by its operator: clients need not retry soon. */
const RETRY_AFTER_SECONDS = 60;

const reported = new WeakSet<object>();

/**
 * Logs a bad configuration once per environment (per isolate), not once per request: one line naming
 * each variable and what it accepts, with the value given unless it is a secret.
 */
export function reportMisconfiguration(env: object, error: ConfigError): void {
  if (reported.has(env)) return;
  reported.add(env);
  log("misconfigured", { instance_id: currentInstanceId(), issues: error.issues.map(describeConfigIssue) });
}

/**
 * The reply to every request while the configuration is invalid: 503 `misconfigured`, naming each bad
 * variable and what it accepts, never a value (the caller is not the operator).
 */
export function misconfiguredProblem(error: ConfigError): ApiError {
  const variables = [...new Set(error.issues.map((issue) => issue.variable))];
  return new ApiError("misconfigured", `the server's configuration is invalid (${variables.join(", ")}); its operator must fix it, the server log says how`, {
    errors: error.issues.map((issue) => ({
      path: issue.at === undefined ? issue.variable : `${issue.variable}.${issue.at}`,
      message: `expected ${issue.accepted}`,
    })),
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

/**
 * Answers every request with 503 `misconfigured` while the Worker's configuration is invalid (a
 * deployed Worker whose secrets are wrong), instead of letting each route fail with 500. Register it
 * before anything that reads the configuration.
 */
export const configGuard = () =>
  createMiddleware(async (c, next) => {
    const error = c.env ? configErrorOf(c.env) : undefined;
    if (error === undefined) return next();
    reportMisconfiguration(c.env, error);
    c.res = replyWithProblem(c, misconfiguredProblem(error));
  });
