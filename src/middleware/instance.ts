import { createMiddleware } from "hono/factory";

let instanceId: string | undefined;

/**
 * Id of this Worker isolate, made on first use: workerd forbids randomness at module scope, and
 * an id per isolate is what tells replies from different instances apart.
 */
export function currentInstanceId(): string {
  instanceId ??= `i_${crypto.randomUUID().slice(0, 8)}`;
  return instanceId;
}

/**
 * Sets `X-Instance-Id` on every reply, errors included. A reply from a Durable Object stub (the 101 of
 * a stream) has immutable headers, so it is copied first, keeping its WebSocket.
 */
export const instanceHeader = createMiddleware(async (c, next) => {
  await next();
  try {
    c.res.headers.set("x-instance-id", currentInstanceId());
  } catch {
    const { status, statusText, headers, webSocket, body } = c.res;
    const copy = new Headers(headers);
    copy.set("x-instance-id", currentInstanceId());
    c.res = undefined;
    c.res = new Response(status === 101 ? null : body, { status, statusText, headers: copy, webSocket });
  }
});
