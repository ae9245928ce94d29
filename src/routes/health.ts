import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { count, eq } from "drizzle-orm";
import pkg from "../../package.json" with { type: "json" };
import { configOf } from "../config.ts";
import { createDatabase } from "../db/client.ts";
import { judgments } from "../db/schema.ts";
import { outboxLedger } from "../../durable-objects/outbox-ledger.ts";
import { currentInstanceId } from "../middleware/instance.ts";

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    instance_id: z.string(),
    storage: z.enum(["ok", "degraded"]),
    provider: z.string(),
    judgments_unique: z.number().int().nullable().openapi({ description: "Completed judgments in Turso." }),
    outbox_pending: z.number().int().openapi({ description: "Judgments not yet pushed to Turso." }),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  summary: "Liveness and the state of storage and the judge",
  responses: {
    200: { description: "Healthy or degraded", content: { "application/json": { schema: HealthSchema } } },
  },
});

const STORAGE_PROBE_MS = 2_000;

/** Counts completed judgments in Turso, or null when Turso does not answer in time. */
async function countJudgments(env: Env): Promise<number | null> {
  const db = createDatabase(configOf(env));
  const probe = db.select({ n: count() }).from(judgments).where(eq(judgments.status, "completed"));
  const timeout = new Promise<null>((resolve) => setTimeout(resolve, STORAGE_PROBE_MS, null));
  try {
    const rows = await Promise.race([probe, timeout]);
    return rows ? (rows[0]?.n ?? 0) : null;
  } catch {
    return null;
  }
}

export const health = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const [unique, outboxPending] = await Promise.all([countJudgments(c.env), outboxLedger(c.env).count()]);
  const storage = unique === null ? "degraded" : "ok";
  return c.json(
    {
      status: storage === "ok" ? ("ok" as const) : ("degraded" as const),
      version: pkg.version,
      instance_id: currentInstanceId(),
      storage,
      provider: configOf(c.env).profiles.default!.provider,
      judgments_unique: unique,
      outbox_pending: outboxPending,
    },
    200,
  );
});
