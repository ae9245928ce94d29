import type { ClientResponse } from "hono/client";
import { ApiProblemError, createApiClient, unwrap, type ApiClient } from "../../client/index.ts";
import { askForKey, forgetKey, keyRequired, storedKey } from "./session.ts";

/** The typed client of this origin's API, with the tab's key. */
export function apiClient(key = storedKey()): ApiClient {
  return createApiClient(location.origin, key === undefined ? {} : { apiKey: key });
}

/**
 * Runs `request` with the tab's key, asking for one first when the API needs it; a 401 (no key, or a
 * wrong one) forgets the key, asks again with the server's reason, and retries.
 */
export async function withKey<T>(request: (key: string | undefined) => Promise<T>): Promise<T> {
  for (;;) {
    let key = storedKey();
    if (key === undefined && keyRequired()) key = await askForKey();
    try {
      return await request(key);
    } catch (error) {
      if (!(error instanceof ApiProblemError) || error.status !== 401) throw error;
      forgetKey();
      await askForKey(key === undefined ? `This API needs a key: ${error.problem.detail}.` : `That key was refused (401 ${error.problem.code}: ${error.problem.detail}).`);
    }
  }
}

/**
 * `withKey` with the typed client.
 *
 * @example
 * const page = await withApi(async (api) => unwrap(await api.v1.judgments.$get({ query: {} })));
 */
export const withApi = <T>(request: (api: ApiClient) => Promise<T>): Promise<T> => withKey((key) => request(apiClient(key)));

/**
 * The JSON body of a `GET` of this origin, for routes the typed client does not know yet; an error
 * reply becomes an `ApiProblemError` like the typed client's.
 */
export async function getJson<T>(path: string, key: string | undefined): Promise<T> {
  const reply = await fetch(path, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
  return (await unwrap(reply as unknown as ClientResponse<T, number, "json">)) as T;
}

/** A one-line account of a failure: the problem's status, code and detail, or why nothing answered. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiProblemError) return `${error.status} ${error.problem.code}: ${error.problem.detail}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The WebSocket subprotocols that carry the tab's key (browsers cannot set headers on sockets). */
export function socketProtocols(key = storedKey()): string[] {
  return key === undefined ? [] : ["judgment.v1", `bearer.${key}`];
}
