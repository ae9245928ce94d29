import { exports } from "cloudflare:workers";

/** Calls the Worker's real fetch handler, as a client on the network would. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`http://api.test${path}`, init));
}

/** POSTs a JSON body (already a string, or a value to serialize). */
export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Reads a reply's JSON body (always consuming it). */
export async function json<T = Record<string, unknown>>(reply: Response): Promise<T> {
  return (await reply.json()) as T;
}

/** A name no other test uses, so each test gets its own cell. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 12)}`;
}

/** The `Authorization` header of an API key. */
export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
