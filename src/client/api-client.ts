// The client's types are inferred from the Worker's app. These references bring the Worker's globals
// (Env, Durable Object types) into programs that are not Workers, such as the Node demo, so that the
// app type resolves there too. The client's code itself needs only fetch and WebSocket.
/// <reference types="@cloudflare/workers-types" />
/// <reference path="../../worker-configuration.d.ts" />
/// <reference path="../env.d.ts" />
import { hc } from "hono/client";
import type { App } from "../app.ts";

/**
 * The typed client of the judgment API: Hono's RPC client, its request and reply types inferred from
 * the Worker's routes and zod schemas, so a change to the API is a type error in its callers.
 */

export interface ApiClientOptions {
  /** An API key, sent as `Authorization: Bearer <key>`; needed when the server sets `API_KEYS`. */
  apiKey?: string;
  /** The fetch to call; default the global one. Tests pass the Worker's own handler. */
  fetch?: typeof fetch;
}

export type ApiClient = ReturnType<typeof hc<App>>;

/**
 * A client for the API at `baseUrl`.
 *
 * @example
 * const api = createApiClient("http://127.0.0.1:8787");
 * const judgment = await unwrap(await api.v1.judgments.$post({ json: { content: "let x = 1" } }));
 * console.log(judgment.q_score, judgment.verdict);
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  return hc<App>(baseUrl, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
  });
}
