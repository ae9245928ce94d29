import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import pkg from "../../package.json" with { type: "json" };
import { currentInstanceId } from "../middleware/instance.ts";
import { LivenessSchema } from "../schemas/health.ts";

const route = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["health"],
  summary: "Liveness: the Worker answers",
  description:
    "Answered from the isolate's memory: no storage or object is asked, and nothing about the configuration is told. " +
    "The state of storage and of the model endpoints is `GET /v1/health`.",
  responses: {
    200: { description: "The Worker is up", content: { "application/json": { schema: LivenessSchema } } },
  },
});

/** Open to anyone, so it costs nothing and says nothing an attacker could use. */
export const health = new OpenAPIHono<{ Bindings: Env }>().openapi(route, (c) =>
  c.json({ status: "ok" as const, version: pkg.version, instance_id: currentInstanceId() }, 200),
);
