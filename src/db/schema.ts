import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { OPEN_TENANT } from "../security/tenant.ts";

/**
 * Turso/libSQL, the system of record across cells. Each cell's Durable Object owns its rows and writes
 * them in one batch when its judgment ends; cron reconciliation reads them. Times are epoch ms.
 * Every row but the cron's carries its tenant (src/security/tenant.ts): ids are unique within a tenant,
 * and every read the API serves filters by the caller's. Rows from before tenants are the open tenant's.
 */

const tenant = () => text("tenant").notNull().default(OPEN_TENANT);

/** What a judgment's and a comparison's rows both say of the run: its status, what was judged, how. */
const judgedColumns = () => ({
  status: text("status", { enum: ["pending", "scoring", "completed", "failed"] }).notNull(),
  contentDigest: text("content_digest").notNull(),
  rubricId: text("rubric_id").notNull(),
  rubricVersion: integer("rubric_version").notNull(),
  reality: text("reality"),
  judgeProfile: text("judge_profile").notNull(),
});

/** How a judgment or comparison ended, its whole API document (a list reply needs no join) and its times. */
const outcomeColumns = () => ({
  errorCode: text("error_code"),
  document: text("document").notNull(),
  createdAt: integer("created_at").notNull(),
  completedAt: integer("completed_at"),
  updatedAt: integer("updated_at").notNull(),
});

/** One row per cell: the filterable columns of the list endpoint plus the whole judgment document. */
export const judgments = sqliteTable(
  "judgments",
  {
    tenant: tenant(),
    cellId: text("cell_id").notNull(),
    judgmentId: text("judgment_id").notNull(),
    ...judgedColumns(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    qScore: real("q_score"),
    verdict: text("verdict"),
    confidence: real("confidence"),
    llmCalls: integer("llm_calls").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
    ...outcomeColumns(),
  },
  (table) => [
    primaryKey({ columns: [table.tenant, table.cellId] }),
    index("judgments_tenant_created_idx").on(table.tenant, table.createdAt, table.cellId),
    index("judgments_tenant_verdict_created_idx").on(table.tenant, table.verdict, table.createdAt, table.cellId),
    index("judgments_tenant_reality_created_idx").on(table.tenant, table.reality, table.createdAt, table.cellId),
    index("judgments_status_updated_idx").on(table.status, table.updatedAt),
  ],
);

/** One row per scored (or failed) dimension of a cell's judgment. */
export const dimensionScores = sqliteTable(
  "dimension_scores",
  {
    tenant: tenant(),
    cellId: text("cell_id").notNull(),
    dimension: text("dimension").notNull(),
    judgmentId: text("judgment_id").notNull(),
    axiom: text("axiom").notNull(),
    status: text("status", { enum: ["scored", "failed"] }).notNull(),
    score: real("score"),
    rationale: text("rationale"),
    error: text("error"),
  },
  (table) => [primaryKey({ columns: [table.tenant, table.cellId, table.dimension] })],
);

/** Custom rubrics: every registration is a new immutable version, numbered per tenant and id. */
export const rubrics = sqliteTable(
  "rubrics",
  {
    tenant: tenant(),
    id: text("id").notNull(),
    version: integer("version").notNull(),
    definition: text("definition").notNull(),
    digest: text("digest").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenant, table.id, table.version] })],
);

/** One row per cron reconciliation run; the row is also the run's lease (idempotent per scheduled time). */
export const reconcileRuns = sqliteTable("reconcile_runs", {
  scheduledTime: integer("scheduled_time").primaryKey(),
  leaseOwner: text("lease_owner").notNull(),
  leaseExpiresAt: integer("lease_expires_at").notNull(),
  status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
  checked: integer("checked").notNull().default(0),
  redriven: integer("redriven").notNull().default(0),
  repaired: integer("repaired").notNull().default(0),
  errors: integer("errors").notNull().default(0),
  startedAt: integer("started_at").notNull(),
  finishedAt: integer("finished_at"),
});

/**
 * Shadowed cells (JUDGE_SHADOW): a cell judged by the default profile and the candidate's cell for the
 * same request, written once the candidate's judgment completed. The drift report joins both to
 * `judgments`.
 */
export const judgmentShadows = sqliteTable(
  "judgment_shadows",
  {
    tenant: tenant(),
    cellId: text("cell_id").notNull(),
    candidateProfile: text("candidate_profile").notNull(),
    candidateCellId: text("candidate_cell_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenant, table.cellId, table.candidateProfile] }),
    index("judgment_shadows_tenant_profile_idx").on(table.tenant, table.candidateProfile, table.createdAt),
  ],
);

/** One row per batch, pushed by its Durable Object when it starts, as it progresses and when it ends. */
export const batches = sqliteTable(
  "batches",
  {
    batchId: text("batch_id").primaryKey(),
    tenant: tenant(),
    status: text("status", { enum: ["running", "completed", "cancelled"] }).notNull(),
    total: integer("total").notNull(),
    completed: integer("completed").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
    /** The batch object of the API, as JSON, so a list reply needs no join. */
    document: text("document").notNull(),
    createdAt: integer("created_at").notNull(),
    completedAt: integer("completed_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [index("batches_tenant_created_idx").on(table.tenant, table.createdAt, table.batchId)],
);

/**
 * One row per comparison, pushed by its Durable Object when it is created, while it runs and when it
 * ends: the headline figures and the whole document. Cron reconciliation reads the unfinished ones.
 */
export const comparisons = sqliteTable(
  "comparisons",
  {
    tenant: tenant(),
    comparisonId: text("comparison_id").notNull(),
    runId: text("run_id").notNull(),
    ...judgedColumns(),
    winner: text("winner", { enum: ["a", "b", "tie"] }),
    margin: real("margin"),
    positionConsistency: real("position_consistency"),
    llmCalls: integer("llm_calls").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
    ...outcomeColumns(),
  },
  (table) => [
    primaryKey({ columns: [table.tenant, table.comparisonId] }),
    index("comparisons_tenant_created_idx").on(table.tenant, table.createdAt, table.comparisonId),
    index("comparisons_status_updated_idx").on(table.status, table.updatedAt),
  ],
);
