import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { count, eq } from "drizzle-orm";
import pkg from "../../package.json" with { type: "json" };
import { configOf, type JudgeProfile } from "../config.ts";
import { createDatabase } from "../db/client.ts";
import { judgments } from "../db/schema.ts";
import { currentInstanceId } from "../middleware/instance.ts";
import { endpointKey, gateShardsOf, type GateShard } from "../objects/gate.ts";
import { outboxLedger } from "../objects/ledger.ts";

const BreakerSchema = z.enum(["closed", "open", "half_open", "unknown"]);

const GateShardSchema = z
  .object({
    shard: z.number().int(),
    breaker: BreakerSchema.openapi({ description: "This shard's circuit breaker (`unknown` if it did not answer)." }),
    in_flight: z.number().int(),
    queued: z.number().int(),
    limit: z.number().int().openapi({ description: "This shard's share of the endpoint's concurrency." }),
    granted: z.number().int().openapi({ description: "Grants since the shard's object started." }),
  })
  .openapi("GateShardHealth");

const EndpointSchema = z
  .object({
    profiles: z.array(z.string()).openapi({ description: "Judge profiles calling this endpoint." }),
    provider: z.string(),
    model: z.string(),
    breaker: BreakerSchema.openapi({
      description: "Circuit breaker of the endpoint: `open` if any shard's is open, else `half_open` if any is, else `unknown` if a shard did not answer.",
    }),
    in_flight: z.number().int().openapi({ description: "Calls in flight, across all cells." }),
    queued: z.number().int().openapi({ description: "Judgments waiting for capacity." }),
    shards: z.array(GateShardSchema).openapi({ description: "The gate objects the endpoint's permits are split over (`JUDGE_GATE_SHARDS`)." }),
  })
  .openapi("EndpointHealth");

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    instance_id: z.string(),
    storage: z.enum(["ok", "degraded"]),
    provider: z.string().openapi({ description: "Provider of the default judge profile." }),
    judgments_unique: z.number().int().nullable().openapi({ description: "Completed judgments in Turso (null when Turso does not answer)." }),
    outbox_pending: z.number().int().openapi({ description: "Judgments not yet pushed to Turso." }),
    endpoints: z.array(EndpointSchema).openapi({ description: "Model endpoints of the configured judge profiles." }),
  })
  .openapi("Health");

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
/** Gate objects /health asks at most, across endpoints: endpoints past it report `unknown`. */
const MAX_GATE_PROBES = 256;

type ShardHealth = z.output<typeof GateShardSchema>;

async function shardHealth(gate: GateShard): Promise<ShardHealth> {
  try {
    // The configured share, not the object's: an object not asked yet has no limit of its own.
    const { breaker, in_flight, queued, granted } = await gate.stub.status();
    return { shard: gate.shard, breaker, in_flight, queued, limit: gate.limit, granted };
  } catch {
    return { shard: gate.shard, breaker: "unknown", in_flight: 0, queued: 0, limit: gate.limit, granted: 0 };
  }
}

/** The endpoint's breaker from its shards': the worst one, as part of its traffic then fails fast. */
function endpointBreaker(shards: ShardHealth[]): z.output<typeof BreakerSchema> {
  for (const state of ["open", "half_open", "unknown"] as const) if (shards.some((shard) => shard.breaker === state)) return state;
  return "closed";
}

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
async function endpoints(env: Env): Promise<z.output<typeof EndpointSchema>[]> {
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
