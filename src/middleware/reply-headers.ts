import type { Context } from "hono";

/**
 * Sets headers on the reply, errors and WebSocket upgrades included. A reply from a Durable Object stub
 * (the 101 of a stream) has immutable headers, so it is copied first, keeping its WebSocket.
 *
 * @example
 * await next();
 * setReplyHeaders(c, { "x-request-id": requestId });
 */
export function setReplyHeaders(c: Context, headers: Record<string, string>): void {
  try {
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  } catch {
    const { status, statusText, headers: immutable, webSocket, body } = c.res;
    const copy = new Headers(immutable);
    for (const [name, value] of Object.entries(headers)) copy.set(name, value);
    c.res = undefined;
    c.res = new Response(status === 101 ? null : body, { status, statusText, headers: copy, webSocket });
  }
}

/** Sets each header the reply does not carry yet, so a route's own choice wins. */
export function setMissingReplyHeaders(c: Context, headers: Record<string, string>): void {
  const missing = Object.entries(headers).filter(([name]) => !c.res.headers.has(name));
  if (missing.length > 0) setReplyHeaders(c, Object.fromEntries(missing));
}
