import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { batchStub } from "../objects/batch.ts";
import { ApiError } from "../errors.ts";
import { BatchIdSchema, BatchSchema } from "../schemas/batch.ts";
import { problemResponses } from "../schemas/problem.ts";

const route = createRoute({
  method: "post",
  path: "/v1/batches/{batch_id}/cancel",
  operationId: "cancelBatch",
  tags: ["batches"],
  summary: "Stop a batch",
  description:
    "Items not yet started end `skipped` with `error.code = \"cancelled\"`; items already running finish. " +
    "Cancelling an ended batch changes nothing. No body.",
  request: { params: z.object({ batch_id: BatchIdSchema }) },
  responses: {
    200: { description: "The batch, cancelled (or as it ended)", content: { "application/json": { schema: BatchSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "not_found", "rate_limited"),
  },
});

export const cancelBatch = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const { batch_id: batchId } = c.req.valid("param");
  const batch = await batchStub(c.env, c.get("tenant"), batchId).cancel();
  if (!batch) throw new ApiError("not_found", `no batch ${batchId}`);
  return c.json(batch, 200);
});
