import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { configOf } from "../config.ts";
import { createDatabase, onStorage } from "../db/client.ts";
import { shadowPairs } from "../db/shadows.ts";
import { ApiError } from "../errors.ts";
import { driftReport } from "../evaluation/drift.ts";
import { problemResponses } from "../schemas/problem.ts";

const ProfileNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "a judge profile name");

export const DriftSchema = z
  .object({
    profile: z.string(),
    against: z.string(),
    n: z.number().int().openapi({ description: "Shadowed cells both judges completed (the newest 1,000 at most)." }),
    q_abs_diff: z.object({ mean: z.number().nullable(), p95: z.number().nullable() }).openapi({ description: "|candidate Q − current Q|." }),
    verdict_agreement: z.number().nullable().openapi({ description: "Share of cells given the same verdict." }),
    kappa: z.number().nullable().openapi({ description: "Cohen's κ of the verdicts: agreement beyond chance." }),
    axes: z.record(z.string(), z.number()).openapi({ description: "Mean signed difference per axiom (candidate − current)." }),
  })
  .openapi("Drift");

const route = createRoute({
  method: "get",
  path: "/v1/judges/{profile}/drift",
  tags: ["evaluations"],
  operationId: "getJudgeDrift",
  summary: "How far a shadow judge drifts from the current one, on live traffic",
  description:
    "With `JUDGE_SHADOW={\"candidate\": \"<profile>\", \"sample\": 0.1}`, a deterministic sample of the default " +
    "profile's new cells is also judged by the candidate after the reply. This compares the two over the caller's tenant's cells " +
    "(each tenant's shadow judgments are its own cells).",
  request: {
    params: z.object({ profile: ProfileNameSchema }),
    query: z.object({ against: ProfileNameSchema.default("default").openapi({ description: "The profile of the shadowed cells." }) }),
  },
  responses: {
    200: { description: "The drift report", content: { "application/json": { schema: DriftSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "not_found", "rate_limited", "storage_unavailable"),
  },
});

export const judgeDrift = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const { profile } = c.req.valid("param");
  const { against } = c.req.valid("query");
  const config = configOf(c.env);
  for (const name of [profile, against]) {
    if (!config.profiles[name]) throw new ApiError("not_found", `no judge profile "${name}"`);
  }
  const pairs = await onStorage("reading shadow judgments", () => shadowPairs(createDatabase(config), c.get("tenant"), profile, against));
  return c.json({ profile, against, ...driftReport(pairs) }, 200);
});
