import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiError } from "../errors.ts";
import { jsonText } from "../http/json-text.ts";
import { callAgainOnFault } from "../objects/call-again.ts";
import { comparisonStub } from "../objects/comparison.ts";
import { ComparisonSchema, type Comparison } from "../schemas/comparison.ts";
import { CellIdSchema } from "../schemas/judgment.ts";
import { problemResponses } from "../schemas/problem.ts";

const getRoute = createRoute({
  method: "get",
  path: "/v1/comparisons/{comparison_id}",
  tags: ["comparisons"],
  operationId: "getComparison",
  summary: "A comparison, from its cell",
  request: { params: z.object({ comparison_id: CellIdSchema }) },
  responses: {
    200: { description: "The comparison", content: { "application/json": { schema: ComparisonSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "not_found", "rate_limited"),
  },
});

const streamRoute = createRoute({
  method: "get",
  path: "/v1/comparisons/{comparison_id}/stream",
  tags: ["comparisons"],
  operationId: "streamComparison",
  summary: "Watch a comparison live over a WebSocket",
  description:
    "Send `Upgrade: websocket`. Frames are JSON text: a `snapshot`, then `comparison.started`, one " +
    "`comparison.answered` per (order, dimension) with `order` `ab` (a shown first) or `ba`, and " +
    "`comparison.completed` / `comparison.failed`; `seq` strictly increasing. Authentication, pings and the subscriber cap as for cell streams.",
  request: { params: z.object({ comparison_id: CellIdSchema }) },
  responses: {
    101: { description: "Switching protocols: the stream is open" },
    ...problemResponses("invalid_request", "unauthorized", "rate_limited", "overloaded"),
  },
});

export const readComparisons = new OpenAPIHono<{ Bindings: Env }>()
  .openapi(getRoute, async (c) => {
    const { comparison_id: id } = c.req.valid("param");
    const text = await callAgainOnFault(id, () => comparisonStub(c.env, c.get("tenant"), id).read());
    if (text === null) throw new ApiError("not_found", `no comparison ${id}`);
    return jsonText<Comparison, 200>(c, text, 200);
  })
  .openapi(streamRoute, async (c) => {
    const { comparison_id: id } = c.req.valid("param");
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new ApiError("invalid_request", "this endpoint is a WebSocket: send Upgrade: websocket");
    // The raw upgrade goes to the object, which accepts the socket itself so it can hibernate.
    return (await comparisonStub(c.env, c.get("tenant"), id).fetch(c.req.raw)) as unknown as Response;
  });
