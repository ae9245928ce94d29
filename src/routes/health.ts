import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { count, eq } from "drizzle-orm";
import pkg from "../../package.json" with { type: "json" };
import { configOf, type JudgeProfile } from "../config.ts";
import { createDatabase } from "../db/client.ts";
import { judgments } from "../db/schema.ts";
import { currentInstanceId } from "../middleware/instance.ts";
import { endpointKey, gateShardsOf, type GateShard } from "../objects/gate.ts";
import { outboxLedger } from "../objects/ledger.ts";
import { HealthSchema, type EndpointHealth, type GateShardHealth } from "../schemas/health.ts";

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

/** Gate objects /health asks at most, across endpoints: endpoints past it report `unknown`. */
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
