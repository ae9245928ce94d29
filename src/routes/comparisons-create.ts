import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { comparisonIdentity } from "../cells/comparison-identity.ts";
import { failedComparisonProblem, refusalProblem } from "../cells/outcome-problem.ts";
import { configOf, judgeChoice } from "../config.ts";
import { ApiError } from "../errors.ts";
import { effectiveBudgetUsd } from "../judge/spend-guard.ts";
import { jsonText } from "../http/json-text.ts";
import { prefersAsync } from "../http/prefer.ts";
import { tenantObjectName } from "../security/tenant.ts";
import { admittedStart } from "../overload/admitted-start.ts";
import { quotaChargeFor } from "../quotas/charge.ts";
import { comparisonStub, type ComparisonReply } from "../objects/comparison.ts";
import { builtInRubric, formatRubricRef } from "../rubrics/ref.ts";
import { resolveRubric } from "../rubrics/registry.ts";
import { ComparisonRequestSchema, ComparisonSchema, type Comparison } from "../schemas/comparison.ts";
import { problemResponses } from "../schemas/problem.ts";
import { exceedsUtf8Bytes } from "../http/utf8-length.ts";

const route = createRoute({
  method: "post",
  path: "/v1/comparisons",
  tags: ["comparisons"],
  operationId: "createComparison",
  summary: "Compare two answers, each dimension asked in both orders",
  description:
    "Every batch of dimensions is asked with `a` shown first and again with `b` shown first; a dimension whose " +
    "two answers disagree is a tie marked inconsistent, so a judge's position bias cannot pick the winner. " +
    "(a, b) and (b, a) are one comparison cell, judged once. New comparisons are admitted like new judgments " +
    "(503 `overloaded` past this isolate's limit; a cached one is never refused). Returns 200 when completed (or cached), 202 while " +
    "running (`Prefer: respond-async`, or past JUDGE_WAIT_MS). A `judge` that names a panel asks every juror in both " +
    "orders; each dimension's verdict is the panel's aggregate of its jurors' votes (a +1, tie or inconsistent 0, b −1: " +
    "`median` is a majority vote, `weighted` a weighted one), `jury.agreement.alpha` is Krippendorff's α over those votes " +
    "and `jury.disagreements` lists the dimensions one juror gave to a and another to b.",
  request: { body: { required: true, content: { "application/json": { schema: ComparisonRequestSchema } } } },
  responses: {
    200: { description: "Completed comparison", content: { "application/json": { schema: ComparisonSchema } } },
    202: {
      description: "Accepted, still comparing: follow the stream, or poll `Location`",
      headers: { Location: { description: "The comparison: `/v1/comparisons/{comparison_id}`.", schema: { type: "string" } } },
      content: { "application/json": { schema: ComparisonSchema } },
    },
    ...problemResponses(
      "invalid_request",
      "unauthorized",
      "cell_conflict",
      "payload_too_large",
      "unsupported_media_type",
      "budget_too_low",
      "budget_exhausted",
      "rate_limited",
      "quota_exceeded",
      "provider_unavailable",
      "overloaded",
    ),
  },
});


export const createComparison = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const receivedAt = Date.now();
  const config = configOf(c.env);
  const body = c.req.valid("json");
  for (const side of ["a", "b"] as const) {
    if (exceedsUtf8Bytes(body[side], config.maxContentBytes)) throw new ApiError("payload_too_large", `${side} exceeds ${config.maxContentBytes} bytes`);
  }
  const choice = judgeChoice(config, body.judge);
  if (!choice) throw new ApiError("invalid_request", `unknown judge profile "${body.judge}"`, { errors: [{ path: "judge", message: "unknown judge profile" }] });
  const profile = choice.kind === "panel" ? choice.panel : choice.profile;
  const timing = c.get("timing");
  const tenant = c.get("tenant");
  const rubric = await timing.measure("storage", () => resolveRubric(c.env, tenant, body.rubric));
  const { cellId, contentDigest } = await comparisonIdentity({ a: body.a, b: body.b, context: body.context, reality: body.reality, rubric, profile }, body.comparison_id);
  c.set("cellId", cellId);
  const ref = formatRubricRef(rubric);
  // Refused at once, before any I/O, when this isolate is starting more runs than it can.
  const reply = await admittedStart(config, tenantObjectName(tenant, cellId), () => timing.measure("cell", async (): Promise<ComparisonReply> => comparisonStub(c.env, tenant, cellId).submit({
    cellId,
    contentDigest,
    a: body.a,
    b: body.b,
    context: body.context,
    reality: body.reality,
    rubric: builtInRubric(ref) ? ref : rubric,
    profile: profile.name,
    budgetUsd: effectiveBudgetUsd(body.budget_usd, config.budgetUsd),
    waitMs: prefersAsync(c.req.header("prefer")) ? 0 : config.waitMs,
    receivedAt,
    quota: quotaChargeFor(config, c.get("client")),
  })), (work) => c.executionCtx.waitUntil(work));
  if (reply.kind === "refused") {
    if (reply.refusal.reason === "quota_exceeded") c.set("quota", reply.refusal.standing);
    throw refusalProblem(reply.refusal);
  }
  if (reply.quota) c.set("quota", reply.quota);
  if (reply.scoringMs !== null) timing.add("model", reply.scoringMs, "comparing in the cell");
  if (reply.status === "failed") throw failedComparisonProblem(JSON.parse(reply.text) as Comparison);
  return reply.status === "completed"
    ? jsonText<Comparison, 200>(c, reply.text, 200)
    : jsonText<Comparison, 202>(c, reply.text, 202, { location: `/v1/comparisons/${encodeURIComponent(cellId)}` });
});
