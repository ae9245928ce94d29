import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { completedJudgments } from "../cells/completed-judgments.ts";
import { cellIdentity } from "../cells/identity.ts";
import { failedJudgmentProblem, refusalProblem } from "../cells/outcome-problem.ts";
import { configOf, judgeChoice } from "../config.ts";
import { ApiError } from "../errors.ts";
import { effectiveBudgetUsd } from "../judge/spend-guard.ts";
import { jsonText } from "../http/json-text.ts";
import { exceedsUtf8Bytes } from "../http/utf8-length.ts";
import { prefersAsync } from "../http/prefer.ts";
import { cellStub, type CellReply } from "../objects/cell.ts";
import { EXAMPLES } from "../openapi/examples.ts";
import { builtInRubric, formatRubricRef } from "../rubrics/ref.ts";
import { resolveRubric } from "../rubrics/registry.ts";
import { JudgmentRequestSchema, JudgmentSchema, type Judgment } from "../schemas/judgment.ts";
import { admittedStart } from "../overload/admitted-start.ts";
import { quotaChargeFor } from "../quotas/charge.ts";
import { tenantObjectName } from "../security/tenant.ts";
import { problemResponses } from "../schemas/problem.ts";

const route = createRoute({
  method: "post",
  path: "/v1/judgments",
  operationId: "createJudgment",
  tags: ["judgments"],
  summary: "Judge content (each cell is judged exactly once)",
  description:
    "Returns the completed judgment (200), the cell's stored judgment (200, cached), or 202 while scoring " +
    "when the client sent `Prefer: respond-async` or scoring outlasted JUDGE_WAIT_MS.",
  request: {
    body: { required: true, content: { "application/json": { schema: JudgmentRequestSchema } } },
  },
  responses: {
    200: { description: "Completed judgment", content: { "application/json": { schema: JudgmentSchema } } },
    202: {
      description: "Accepted, still scoring: follow the stream, or poll `Location`",
      headers: {
        Location: {
          description: "The judgment: `/v1/judgments/{cell_id}`, the cell id percent-encoded.",
          schema: { type: "string" },
          example: EXAMPLES.accepted.location,
        },
        Link: {
          description: 'The cell\'s stream: `</v1/cells/{cell_id}/stream>; rel="monitor"`.',
          schema: { type: "string" },
          example: EXAMPLES.accepted.link,
        },
      },
      content: { "application/json": { schema: JudgmentSchema, example: EXAMPLES.accepted.body } },
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

/** Where to find a judgment still scoring: its URL and its stream (RFC 8288 `rel="monitor"`). */
function acceptedHeaders(cellId: string): Record<string, string> {
  const id = encodeURIComponent(cellId);
  return { location: `/v1/judgments/${id}`, link: `</v1/cells/${id}/stream>; rel="monitor"` };
}

export const createJudgment = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const receivedAt = Date.now();
  const config = configOf(c.env);
  const body = c.req.valid("json");
  if (exceedsUtf8Bytes(body.content, config.maxContentBytes)) {
    throw new ApiError("payload_too_large", `content exceeds ${config.maxContentBytes} bytes`);
  }
  const choice = judgeChoice(config, body.judge);
  if (!choice) {
    throw new ApiError("invalid_request", `unknown judge profile "${body.judge}"`, {
      errors: [{ path: "judge", message: "unknown judge profile" }],
    });
  }
  const profile = choice.kind === "panel" ? choice.panel : choice.profile;
  const timing = c.get("timing");
  const tenant = c.get("tenant");
  // Built-in rubrics are in memory; a custom one is read from Turso once per isolate.
  const rubric = await timing.measure("storage", () => resolveRubric(c.env, tenant, body.rubric));
  const { cellId, contentDigest } = await cellIdentity(
    { content: body.content, context: body.context, reality: body.reality, rubric, profile },
    body.cell_id,
  );
  c.set("cellId", cellId);
  // A completed judgment of this content is final: this is what its cell would answer. Other content
  // under this id goes to the cell, whose refusal (a conflict) says so. Known by tenant too: another
  // tenant's completed cell of this id says nothing of this one.
  const cellKey = tenantObjectName(tenant, cellId);
  const completed = completedJudgments(config.judgmentCacheBytes);
  const held = completed?.get(cellKey);
  if (held?.contentDigest === contentDigest) {
    timing.add("cache", 0, "completed judgment held by this isolate");
    return jsonText<Judgment, 200>(c, held.text, 200);
  }
  const reply = await admittedStart(config, cellKey, () => timing.measure("cell", async (): Promise<CellReply> => cellStub(c.env, tenant, cellId).submit({
    tenant,
    cellId,
    contentDigest,
    content: body.content,
    context: body.context,
    reality: body.reality,
    rubric: builtInRubric(formatRubricRef(rubric)) ? formatRubricRef(rubric) : rubric,
    profile: profile.name,
    budgetUsd: effectiveBudgetUsd(body.budget_usd, config.budgetUsd),
    waitMs: prefersAsync(c.req.header("prefer")) ? 0 : config.waitMs,
    receivedAt,
    quota: quotaChargeFor(config, c.get("client")),
  })), (work) => c.executionCtx.waitUntil(work));
  if (reply.kind === "judgment" && reply.cached) completed?.remember(cellKey, { status: reply.status, contentDigest, text: reply.text });
  if (reply.kind === "refused") {
    if (reply.refusal.reason === "quota_exceeded") c.set("quota", reply.refusal.standing);
    throw refusalProblem(reply.refusal);
  }
  if (reply.quota) c.set("quota", reply.quota);
  if (reply.scoringMs !== null) timing.add("model", reply.scoringMs, "scoring in the cell");
  if (reply.status === "failed") throw failedJudgmentProblem(JSON.parse(reply.text) as Judgment);
  // The cell's JSON text as is: it was serialized once, in the cell (durable-objects/cell/cell.ts).
  return reply.status === "completed"
    ? jsonText<Judgment, 200>(c, reply.text, 200)
    : jsonText<Judgment, 202>(c, reply.text, 202, acceptedHeaders(cellId));
});
