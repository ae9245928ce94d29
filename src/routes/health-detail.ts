import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { count, eq } from "drizzle-orm";
import pkg from "../../package.json" with { type: "json" };
import { configOf, type JudgeProfile } from "../config.ts";
import { createDatabase } from "../db/client.ts";
import { judgments } from "../db/schema.ts";
import { currentInstanceId } from "../middleware/instance.ts";
import { endpointKey, gateShardsOf, type GateShard } from "../objects/gate.ts";
import { outboxLedger } from "../objects/ledger.ts";
import { problemResponses } from "../schemas/problem.ts";
import { freshFor } from "../async/fresh-for.ts";
import { HealthSchema, type EndpointHealth, type GateShardHealth, type Health } from "../schemas/health.ts";

const route = createRoute({
  method: "get",
  path: "/v1/health",
  operationId: "getHealthDetail",
  tags: ["health"],
  summary: "The state of storage, the outbox and the model endpoints",
  description:
    "`degraded` when Turso does not answer or the default judge's circuit breaker is open. Measured at most once per " +
    "`HEALTH_CACHE_MS` per isolate (`checked_at` says when): more requests get the same figures.",
  responses: {
    200: { description: "Healthy or degraded", content: { "application/json": { schema: HealthSchema } } },
    ...problemResponses("unauthorized", "rate_limited"),
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

/** Gate objects /v1/health asks at most, across endpoints: endpoints past it report `unknown`. */
const MAX_GATE_PROBES = 256;

async function shardHealth(gate: GateShard): Promise<GateShardHealth> {
  try {
    // The configured share, not the object's: an object not asked yet has no limit of its own.
    const { breaker, in_flight, queued, granted } = await gate.stub.status();
    return { shard: gate.shard, breaker, in_flight, queued, limit: gate.limit, granted };
  } catch {
    return { shard: gate.shard, breaker: "unknown", in_flight: 0, queued: 0, limit: gate.limit, granted: 0 };
  }
}

/** The endpoint's breaker from its shards': the worst one, as part of its traffic then fails fast. */
function endpointBreaker(shards: GateShardHealth[]): EndpointHealth["breaker"] {
  for (const state of ["open", "half_open", "unknown"] as const) if (shards.some((shard) => shard.breaker === state)) return state;
  return "closed";
}

/** The gate state of each distinct model endpoint among the configured profiles, shard by shard. */
async function endpoints(env: Env): Promise<EndpointHealth[]> {
  const byKey = new Map<string, JudgeProfile[]>();
  for (const profile of Object.values(configOf(env).profiles)) {
    if (profile.provider === "heuristic") continue;
    byKey.set(endpointKey(profile), [...(byKey.get(endpointKey(profile)) ?? []), profile]);
  }
  let probes = 0;
  return Promise.all(
    [...byKey.values()].slice(0, MAX_ENDPOINTS).map(async (profiles) => {
      const [first] = profiles as [JudgeProfile];
      const base = { profiles: profiles.map((p) => p.name), provider: first.provider, model: first.model };
      const gates = gateShardsOf(env, first);
      probes += gates.length;
      if (probes > MAX_GATE_PROBES) return { ...base, breaker: "unknown" as const, in_flight: 0, queued: 0, shards: [] };
      const shards = await Promise.all(gates.map(shardHealth));
      const sum = (key: "in_flight" | "queued") => shards.reduce((total, shard) => total + shard[key], 0);
      return { ...base, breaker: endpointBreaker(shards), in_flight: sum("in_flight"), queued: sum("queued"), shards };
    }),
  );
}

/** One Turso count, one ledger RPC and one RPC per gate object: done once per window per isolate. */
async function measure(env: Env): Promise<Health> {
  const checkedAt = new Date().toISOString();
  const [unique, outboxPending, gates] = await Promise.all([countJudgments(env), outboxLedger(env).count(), endpoints(env)]);
  const storage = unique === null ? "degraded" : "ok";
  const defaultOpen = gates.some((gate) => gate.profiles.includes("default") && gate.breaker === "open");
  return {
    status: storage === "ok" && !defaultOpen ? "ok" : "degraded",
    version: pkg.version,
    instance_id: currentInstanceId(),
    checked_at: checkedAt,
    storage,
    provider: configOf(env).profiles.default!.provider,
    judgments_unique: unique,
    outbox_pending: outboxPending,
    endpoints: gates,
  };
}

const measured = freshFor(measure);

/** Behind `/v1`'s key and rate limit; the figures are shared by every request of a few seconds. */
export const healthDetail = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) =>
  c.json(await measured(c.env, configOf(c.env).healthCacheMs), 200),
);
