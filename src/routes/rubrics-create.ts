import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { onStorage } from "../db/client.ts";
import { ApiError } from "../errors.ts";
import { rubricView } from "../rubrics/definition.ts";
import { formatRubricRef } from "../rubrics/ref.ts";
import { BUILT_IN_RUBRICS, rubricStore } from "../rubrics/registry.ts";
import { problemResponses } from "../schemas/problem.ts";
import { RubricDefinitionSchema, RubricSchema } from "../schemas/rubric.ts";

const route = createRoute({
  method: "post",
  path: "/v1/rubrics",
  operationId: "createRubric",
  tags: ["rubrics"],
  summary: "Register a custom rubric as a new immutable version",
  description:
    "Unique upper-snake ids, 1–12 axioms, 1–64 dimensions, weights > 0. Registering a definition identical " +
    "to the latest version returns that version (200) instead of creating another.",
  request: { body: { required: true, content: { "application/json": { schema: RubricDefinitionSchema } } } },
  responses: {
    201: { description: "A new version was created", content: { "application/json": { schema: RubricSchema } } },
    200: { description: "Identical to the latest version, which is returned", content: { "application/json": { schema: RubricSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "payload_too_large", "unsupported_media_type", "rate_limited", "storage_unavailable"),
  },
});

export const createRubric = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const definition = c.req.valid("json");
  if (BUILT_IN_RUBRICS.has(definition.id)) {
    throw new ApiError("invalid_request", `"${definition.id}" is a built-in rubric and cannot be replaced`, {
      errors: [{ path: "id", message: "reserved for a built-in rubric" }],
    });
  }
  const { stored, created } = await c.get("timing").measure("storage", () =>
    onStorage("registering a rubric", () => rubricStore(c.env, c.get("tenant")).register(definition, Date.now())),
  );
  const body = rubricView(stored.rubric, { builtIn: false, createdAt: stored.createdAt });
  return c.json(body, created ? 201 : 200, { location: `/v1/rubrics/${formatRubricRef(stored.rubric)}` });
});
