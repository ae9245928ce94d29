import { createClient, type Client } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import type { AppConfig } from "../config.ts";
import { ApiError } from "../errors.ts";
import * as schema from "./schema.ts";
import { log } from "../observability/log.ts";

export type Database = ReturnType<typeof createDatabase>;

/** Default bound on one libSQL HTTP request: a frozen database must never hold a caller forever. */
export const STORAGE_TIMEOUT_MS = 5_000;

/**
 * A libSQL client over HTTP (Turso's protocol), every request bounded by `timeoutMs`. Create one per
 * request or per object, never at module scope: workerd forbids I/O objects shared across requests
 * (https://developers.cloudflare.com/workers/observability/errors/, "Cannot perform I/O on behalf of a different request").
 */
export function createStorageClient(config: AppConfig, options: { timeoutMs?: number } = {}): Client {
  const timeoutMs = options.timeoutMs ?? STORAGE_TIMEOUT_MS;
  return createClient({
    url: config.libsql.url,
    ...(config.libsql.authToken ? { authToken: config.libsql.authToken } : {}),
    intMode: "number",
    fetch: (input: Request | string | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      return fetch(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) });
    },
  });
}

/** A drizzle database over `createStorageClient`: the typed queries of routes and reconciliation. */
export function createDatabase(config: AppConfig, options: { timeoutMs?: number } = {}) {
  return drizzle(createStorageClient(config, options), { schema });
}

/**
 * Runs a storage read or write on a request's path, turning any failure into 503 `storage_unavailable`
 * (the driver's own message is logged, never shown: it may name hosts or tokens).
 */
export async function onStorage<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    log("storage_error", { what, error: String(error) });
    throw new ApiError("storage_unavailable", `storage is unavailable (${what}); try again shortly`, { retryAfterSeconds: 2 });
  }
}
