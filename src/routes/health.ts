import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { count, eq } from "drizzle-orm";
import pkg from "../../package.json" with { type: "json" };
import { configOf, type JudgeProfile } from "../config.ts";
import { createDatabase } from "../db/client.ts";
import { judgments } from "../db/schema.ts";
import { currentInstanceId } from "../middleware/instance.ts";
import { endpointKey, providerGate } from "../objects/gate.ts";
import { outboxLedger } from "../objects/ledger.ts";
import { HealthSchema, type EndpointHealth } from "../schemas/health.ts";

const route = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["health"],
  summary: "Liveness and the state of storage and the model endpoints",
  description: "`degraded` when Turso does not answer or the default judge's circuit breaker is open.",
  responses: {
    200: { description: "Healthy or degraded", content: { "application/json": { schema: HealthSchema } } },
  },
});

const STORAGE_PROBE_MS = 2_000;
const MAX_ENDPOINTS = 64;

/** Counts completed judgments in Turso, or null when Turso does not answer in time. */
async function countJudgments(env: Env): Promise<number | null> {
  const db = createDatabase(configOf(env), { timeoutMs: STORAGE_PROBE_MS });
  try {
    const rows = await db.select({ n: count() }).from(judgments).where(eq(judgments.status, "completed"));
    return rows[0]?.n ?? 0;
  } catch {
    return null;
  }
}

/** The gate state of each distinct model endpoint among the configured profiles. */
async function endpoints(env: Env): Promise<EndpointHealth[]> {
  const byKey = new Map<string, JudgeProfile[]>();
  for (const profile of Object.values(configOf(env).profiles)) {
    if (profile.provider === "heuristic") continue;
    byKey.set(endpointKey(profile), [...(byKey.get(endpointKey(profile)) ?? []), profile]);
  }
  return Promise.all(
    [...byKey.values()].slice(0, MAX_ENDPOINTS).map(async (profiles) => {
      const [first] = profiles as [JudgeProfile];
      const base = { profiles: profiles.map((p) => p.name), provider: first.provider, model: first.model };
      try {
        const { breaker, in_flight, queued } = await providerGate(env, first).status();
        return { ...base, breaker, in_flight, queued };
      } catch {
        return { ...base, breaker: "unknown" as const, in_flight: 0, queued: 0 };
      }
    }),
  );
}

export const health = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const [unique, outboxPending, gates] = await Promise.all([countJudgments(c.env), outboxLedger(c.env).count(), endpoints(c.env)]);
  const storage = unique === null ? "degraded" : "ok";
  const defaultOpen = gates.some((gate) => gate.profiles.includes("default") && gate.breaker === "open");
  return c.json(
    {
      status: storage === "ok" && !defaultOpen ? ("ok" as const) : ("degraded" as const),
      version: pkg.version,
      instance_id: currentInstanceId(),
      storage,
      provider: configOf(c.env).profiles.default!.provider,
      judgments_unique: unique,
      outbox_pending: outboxPending,
      endpoints: gates,
    },
    200,
  );
});
