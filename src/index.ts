import { createApp } from "./app.ts";
import { configErrorOf, reportMisconfiguration } from "./middleware/config-guard.ts";
import { reconcile } from "./reconcile/reconcile.ts";

// The Durable Object classes, exported for the runtime; the only place src/ imports durable-objects/.
export { BatchDurableObject } from "../durable-objects/batch/batch.ts";
export { CellDurableObject } from "../durable-objects/cell/cell.ts";
export { ComparisonCell } from "../durable-objects/comparison/comparison-cell.ts";
export { EvaluationRun } from "../durable-objects/evaluation/evaluation-run.ts";
export { OutboxLedger } from "../durable-objects/ledger/outbox-ledger.ts";
export { ProviderGate } from "../durable-objects/gate/provider-gate.ts";
export { QuotaDurableObject } from "../durable-objects/quota/quota.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  /** Every minute (wrangler.toml): reconcile Turso with the cells and re-drive stuck work. */
  async scheduled(controller, env) {
    const misconfigured = configErrorOf(env);
    if (misconfigured) return reportMisconfiguration(env, misconfigured);
    await reconcile(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
