import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiError } from "../errors.ts";
import { cellStub } from "../objects/cell.ts";
import { CellIdSchema } from "../schemas/judgment.ts";
import { problemResponses } from "../schemas/problem.ts";

const route = createRoute({
  method: "get",
  path: "/v1/cells/{cell_id}/stream",
  operationId: "streamCell",
  tags: ["cells"],
  summary: "Watch a cell's judgment live over a WebSocket",
  description:
    "Send `Upgrade: websocket`. Frames are JSON text: first a `snapshot`, then `judgment.started`, " +
    "`dimension.scored` / `dimension.failed`, and `judgment.completed` / `judgment.failed`, with `seq` strictly " +
    'increasing per cell. Send `{"type":"ping"}` to receive `{"type":"pong"}`; any other frame closes the socket (1008). ' +
    "A cell keeps at most `CELL_MAX_SOCKETS` streams open (past it, 503 `overloaded`). With API keys configured, " +
    "send `Authorization: Bearer <key>`, or from a browser offer the subprotocols `judgment.v1` and " +
    "`bearer.<key>` (the server selects `judgment.v1`).",
  request: { params: z.object({ cell_id: CellIdSchema }) },
  responses: {
    101: { description: "Switching protocols: the stream is open" },
    ...problemResponses("invalid_request", "unauthorized", "rate_limited", "overloaded"),
  },
});

/**
 * Forwards the raw upgrade request to the cell's object, which accepts the socket itself: Hono's
 * `upgradeWebSocket` helper would pin the socket to this Worker and cannot hibernate
 * (https://developers.cloudflare.com/durable-objects/best-practices/websockets/).
 */
export const streamCell = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const { cell_id: cellId } = c.req.valid("param");
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("invalid_request", "this endpoint is a WebSocket: send Upgrade: websocket");
  }
  return (await cellStub(c.env, cellId).fetch(c.req.raw)) as unknown as Response;
});
