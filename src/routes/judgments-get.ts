import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { completedJudgments } from "../cells/completed-judgments.ts";
import { configOf } from "../config.ts";
import { ApiError } from "../errors.ts";
import { jsonText } from "../http/json-text.ts";
import { callAgainOnFault } from "../objects/call-again.ts";
import { cellStub } from "../objects/cell.ts";
import { CellIdSchema, JudgmentSchema, type Judgment } from "../schemas/judgment.ts";
import { problemResponses } from "../schemas/problem.ts";
import { tenantObjectName } from "../security/tenant.ts";

const route = createRoute({
  method: "get",
  path: "/v1/judgments/{cell_id}",
  operationId: "getJudgment",
  tags: ["judgments"],
  summary: "A cell's judgment, from the cell itself",
  request: { params: z.object({ cell_id: CellIdSchema }) },
  responses: {
    200: { description: "The cell's judgment", content: { "application/json": { schema: JudgmentSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "not_found", "rate_limited"),
  },
});

export const getJudgment = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const { cell_id: cellId } = c.req.valid("param");
  const tenant = c.get("tenant");
  const cellKey = tenantObjectName(tenant, cellId);
  const completed = completedJudgments(configOf(c.env).judgmentCacheBytes);
  const held = completed?.get(cellKey);
  const timing = c.get("timing");
  if (held) {
    timing.add("cache", 0, "completed judgment held by this isolate");
    return jsonText<Judgment, 200>(c, held.text, 200);
  }
  const reading = await timing.measure("cell", () => callAgainOnFault(cellKey, () => cellStub(c.env, tenant, cellId).read()));
  if (reading === null) throw new ApiError("not_found", `no judgment for cell ${cellId}`);
  completed?.remember(cellKey, reading);
  // The cell's JSON text as is: serialized once in the cell, not parsed and serialized again here.
  return jsonText<Judgment, 200>(c, reading.text, 200);
});
