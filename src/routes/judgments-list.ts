import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { configOf } from "../config.ts";
import { createDatabase, onStorage } from "../db/client.ts";
import { decodeCursor, encodeCursor, listJudgments } from "../db/judgment-list.ts";
import { ApiError } from "../errors.ts";
import { VERDICTS } from "../judge/types.ts";
import { JudgmentPageSchema, JudgmentStatusSchema, RealitySchema } from "../schemas/judgment.ts";
import { problemResponses } from "../schemas/problem.ts";

const QuerySchema = z.strictObject({
  verdict: z.enum(VERDICTS).optional(),
  reality: RealitySchema.optional(),
  status: JudgmentStatusSchema.optional(),
  since: z.iso.datetime({ offset: true }).optional().openapi({ description: "Only judgments created at or after this instant." }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional().openapi({ description: "`next_cursor` of the previous page." }),
});

const route = createRoute({
  method: "get",
  path: "/v1/judgments",
  operationId: "listJudgments",
  tags: ["judgments"],
  summary: "Judgments across cells, newest first, from Turso",
  description: "Reads the system of record, so a judgment appears here shortly after it completes (the cell pushes it off the reply path).",
  request: { query: QuerySchema },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: JudgmentPageSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "rate_limited", "storage_unavailable"),
  },
});

export const listJudgmentsRoute = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const query = c.req.valid("query");
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) {
    throw new ApiError("invalid_request", "cursor is not one this API produced", { errors: [{ path: "cursor", message: "invalid cursor" }] });
  }
  const filters = { verdict: query.verdict, reality: query.reality, status: query.status, since: query.since ? Date.parse(query.since) : undefined };
  const page = await c.get("timing").measure("storage", () =>
    onStorage("listing judgments", () => listJudgments(createDatabase(configOf(c.env)), c.get("tenant"), filters, query.limit, after)),
  );
  return c.json({ items: page.items, next_cursor: page.next ? encodeCursor(page.next) : null }, 200);
});
