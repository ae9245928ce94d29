import { createMiddleware } from "hono/factory";
import { setReplyHeaders } from "./reply-headers.ts";

let instanceId: string | undefined;

/**
 * Id of this Worker isolate, made on first use: workerd forbids randomness at module scope, and
 * an id per isolate is what tells replies from different instances apart.
 */
export function currentInstanceId(): string {
  instanceId ??= `i_${crypto.randomUUID().slice(0, 8)}`;
  return instanceId;
}

/** Sets `X-Instance-Id` on every reply, errors and WebSocket upgrades included. */
export const instanceHeader = createMiddleware(async (c, next) => {
  await next();
  setReplyHeaders(c, { "x-instance-id": currentInstanceId() });
});
