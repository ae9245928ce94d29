import { randomBytes } from "node:crypto";
import { WORKER_VAR_NAMES, type WorkerVars } from "../../src/config.ts";

export type { WorkerVars } from "../../src/config.ts";

/** Picks the environment variables the Worker understands out of a process environment. */
export function workerVarsFrom(env: NodeJS.ProcessEnv): WorkerVars {
  return Object.fromEntries(WORKER_VAR_NAMES.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
}

/**
 * The Worker's variables for a stack on 127.0.0.1: what was given, plus the local settings it did not
 * set. Without API_KEYS, `AUTH=off` (the API listens on loopback only); batch callbacks may call local
 * servers; and the local libSQL server (when LIBSQL_URL names no other) gets a fresh bearer token.
 *
 * @example
 * localWorkerVars({}, 8080); // { AUTH: "off", CALLBACK_ALLOW_PRIVATE: "on", LIBSQL_URL: "http://127.0.0.1:8080", LIBSQL_AUTH_TOKEN: "…" }
 */
export function localWorkerVars(vars: WorkerVars, libsqlPort: number): WorkerVars {
  const local = { ...vars };
  if (!local.API_KEYS) local.AUTH ??= "off";
  local.CALLBACK_ALLOW_PRIVATE ??= "on";
  if (!local.LIBSQL_URL) {
    local.LIBSQL_URL = `http://127.0.0.1:${libsqlPort}`;
    local.LIBSQL_AUTH_TOKEN = randomBytes(32).toString("base64url");
  }
  return local;
}
