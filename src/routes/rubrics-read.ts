import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { onStorage } from "../db/client.ts";
import { ApiError } from "../errors.ts";
import { rubricSummary, rubricView } from "../rubrics/definition.ts";
import { formatRubricRef, parseRubricRef } from "../rubrics/ref.ts";
import { BUILT_IN_RUBRICS, loadCustomRubric, rubricStore } from "../rubrics/registry.ts";
import { problemResponses } from "../schemas/problem.ts";
import { RUBRIC_ID_PATTERN, RubricListSchema, RubricSchema } from "../schemas/rubric.ts";

const listRoute = createRoute({
  method: "get",
  path: "/v1/rubrics",
  operationId: "listRubrics",
  tags: ["rubrics"],
  summary: "Built-in rubrics and the latest version of every custom rubric",
  responses: {
    200: { description: "Rubrics", content: { "application/json": { schema: RubricListSchema } } },
    ...problemResponses("unauthorized", "rate_limited", "storage_unavailable"),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/v1/rubrics/{ref}",
  operationId: "getRubric",
  tags: ["rubrics"],
  summary: "One rubric: `id` for the latest version, `id@version` for a given one",
  request: {
    params: z.object({
      ref: z
        .string()
        .regex(new RegExp(`${RUBRIC_ID_PATTERN.source.slice(0, -1)}(@[1-9][0-9]{0,8})?$`), "a rubric id, optionally id@version")
        .openapi({ example: "cynic-36@1" }),
    }),
  },
  responses: {
    200: { description: "The rubric", content: { "application/json": { schema: RubricSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "not_found", "rate_limited", "storage_unavailable"),
  },
});

export const readRubrics = new OpenAPIHono<{ Bindings: Env }>()
  .openapi(listRoute, async (c) => {
    const custom = await c.get("timing").measure("storage", () => onStorage("listing rubrics", () => rubricStore(c.env, c.get("tenant")).listLatest()));
    const items = [
      ...[...BUILT_IN_RUBRICS.values()].map((rubric) => rubricSummary(rubric, true)),
      ...custom.map((stored) => rubricSummary(stored.rubric, false)),
    ];
    return c.json({ items }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { id, version } = parseRubricRef(c.req.valid("param").ref);
    const builtIn = BUILT_IN_RUBRICS.get(id);
    if (builtIn && (version === undefined || version === builtIn.version)) {
      return c.json(rubricView(builtIn, { builtIn: true, createdAt: null }), 200);
    }
    const stored = builtIn ? null : await loadCustomRubric(c.env, c.get("tenant"), id, version);
    if (!stored) throw new ApiError("not_found", `no rubric ${version === undefined ? id : formatRubricRef({ id, version })}`);
    return c.json(rubricView(stored.rubric, { builtIn: false, createdAt: stored.createdAt }), 200);
  });
