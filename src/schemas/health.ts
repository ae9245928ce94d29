import { z } from "@hono/zod-openapi";

export const EndpointHealthSchema = z
  .object({
    profiles: z.array(z.string()).openapi({ description: "Judge profiles calling this endpoint." }),
    provider: z.string(),
    model: z.string(),
    breaker: z.enum(["closed", "open", "half_open", "unknown"]).openapi({ description: "Circuit breaker of the endpoint." }),
    in_flight: z.number().int().openapi({ description: "Calls in flight, across all cells." }),
    queued: z.number().int().openapi({ description: "Judgments waiting for capacity." }),
  })
  .openapi("EndpointHealth");

/** The reply of `GET /health`. */
export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    instance_id: z.string(),
    storage: z.enum(["ok", "degraded"]),
    provider: z.string().openapi({ description: "Provider of the default judge profile." }),
    judgments_unique: z.number().int().nullable().openapi({ description: "Completed judgments in Turso (null when Turso does not answer)." }),
    outbox_pending: z.number().int().openapi({ description: "Judgments not yet pushed to Turso." }),
    endpoints: z.array(EndpointHealthSchema).openapi({ description: "Model endpoints of the configured judge profiles." }),
  })
  .openapi("Health");

export type EndpointHealth = z.output<typeof EndpointHealthSchema>;
export type Health = z.output<typeof HealthSchema>;
