import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { configOf } from "../config.ts";
import { listBatches } from "../db/batch-rows.ts";
import { createDatabase, onStorage } from "../db/client.ts";
import { decodeCursor, encodeCursor } from "../db/judgment-list.ts";
import { ApiError } from "../errors.ts";
import { BatchPageSchema } from "../schemas/batch.ts";
import { problemResponses } from "../schemas/problem.ts";

const QuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional().openapi({ description: "`next_cursor` of the previous page." }),
});

const route = createRoute({
  method: "get",
  path: "/v1/batches",
  operationId: "listBatches",
  tags: ["batches"],
  summary: "Batches, newest first, from Turso",
  description: "Each batch's object pushes its row when it starts, every few seconds while it runs, and when it ends.",
  request: { query: QuerySchema },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: BatchPageSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "rate_limited", "storage_unavailable"),
  },
});

export const listBatchesRoute = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const query = c.req.valid("query");
  // The judgment list's cursor format: a (created_at, id) position.
  const position = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !position) {
    throw new ApiError("invalid_request", "cursor is not one this API produced", { errors: [{ path: "cursor", message: "invalid cursor" }] });
  }
  const after = position ? { createdAt: position.createdAt, batchId: position.cellId } : null;
  const page = await onStorage("listing batches", () => listBatches(createDatabase(configOf(c.env)), c.get("tenant"), query.limit, after));
  const next = page.next ? encodeCursor({ createdAt: page.next.createdAt, cellId: page.next.batchId }) : null;
  return c.json({ items: page.items, next_cursor: next }, 200);
});
