import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { batchStub } from "../objects/batch.ts";
import { ApiError } from "../errors.ts";
import { BatchIdSchema } from "../schemas/batch.ts";
import { problemResponses } from "../schemas/problem.ts";

const route = createRoute({
  method: "get",
  path: "/v1/batches/{batch_id}/stream",
  operationId: "streamBatch",
  tags: ["batches"],
  summary: "Watch a batch live over a WebSocket",
  description:
    "Send `Upgrade: websocket`. JSON text frames, `seq` strictly increasing per batch: first a `snapshot` of " +
    "the counters, then `item.completed` per item (its index, cell, status, Q-score and verdict), " +
    "`batch.progress` at most four times a second, and `batch.completed` with the batch object. " +
    'Send `{"type":"ping"}` to receive `{"type":"pong"}`; any other frame closes the socket (1008). ' +
    "A batch keeps at most `CELL_MAX_SOCKETS` streams open (past it, 503 `overloaded`).",
  request: { params: z.object({ batch_id: BatchIdSchema }) },
  responses: {
    101: { description: "Switching protocols: the stream is open" },
    ...problemResponses("invalid_request", "unauthorized", "not_found", "rate_limited", "overloaded"),
  },
});

/** Forwards the raw upgrade to the batch's object, which accepts it with the Hibernation API. */
export const streamBatch = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const { batch_id: batchId } = c.req.valid("param");
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("invalid_request", "this endpoint is a WebSocket: send Upgrade: websocket");
  }
  const reply = (await batchStub(c.env, batchId).fetch(new Request(c.req.raw))) as unknown as Response;
  if (reply.status === 404) throw new ApiError("not_found", `no batch ${batchId}`);
  return reply;
});
