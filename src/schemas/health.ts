import { z } from "@hono/zod-openapi";

const BreakerSchema = z.enum(["closed", "open", "half_open", "unknown"]);

export const GateShardHealthSchema = z
  .object({
    shard: z.number().int(),
    breaker: BreakerSchema.openapi({ description: "This shard's circuit breaker (`unknown` if it did not answer)." }),
    in_flight: z.number().int(),
    queued: z.number().int(),
    limit: z.number().int().openapi({ description: "This shard's share of the endpoint's concurrency." }),
    granted: z.number().int().openapi({ description: "Grants since the shard's object started." }),
  })
  .openapi("GateShardHealth");

export const EndpointHealthSchema = z
  .object({
    profiles: z.array(z.string()).openapi({ description: "Judge profiles calling this endpoint." }),
    provider: z.string(),
    model: z.string(),
    breaker: BreakerSchema.openapi({
      description: "Circuit breaker of the endpoint: `open` if any shard's is open, else `half_open` if any is, else `unknown` if a shard did not answer.",
    }),
    in_flight: z.number().int().openapi({ description: "Calls in flight, across all cells." }),
    queued: z.number().int().openapi({ description: "Judgments waiting for capacity." }),
    shards: z.array(GateShardHealthSchema).openapi({ description: "The gate objects the endpoint's permits are split over (`JUDGE_GATE_SHARDS`)." }),
  })
  .openapi("EndpointHealth");

/** The reply of the public `GET /health`: the Worker answers, nothing more. */
export const LivenessSchema = z
  .object({
    status: z.enum(["ok"]),
    version: z.string(),
    instance_id: z.string(),
  })
  .openapi("Liveness");

/** The reply of `GET /v1/health`. */
export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    instance_id: z.string().openapi({ description: "The isolate that measured these figures." }),
    checked_at: z.string().openapi({ description: "When these figures were measured (ISO 8601): they are reused for `HEALTH_CACHE_MS`." }),
    storage: z.enum(["ok", "degraded"]),
    provider: z.string().openapi({ description: "Provider of the default judge profile." }),
    judgments_unique: z.number().int().nullable().openapi({ description: "Completed judgments in Turso (null when Turso does not answer)." }),
    outbox_pending: z.number().int().openapi({ description: "Judgments not yet pushed to Turso." }),
    endpoints: z.array(EndpointHealthSchema).openapi({ description: "Model endpoints of the configured judge profiles." }),
  })
  .openapi("Health");

export type EndpointHealth = z.output<typeof EndpointHealthSchema>;
export type GateShardHealth = z.output<typeof GateShardHealthSchema>;
export type Health = z.output<typeof HealthSchema>;
