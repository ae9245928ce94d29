import { configOf, type JudgeProfile } from "../../src/config.ts";
import { slowestJudge } from "../../src/cells/panel-rules.ts";
import { leaseMs } from "../../src/cells/run-bounds.ts";
import { log } from "../../src/observability/log.ts";
import type { QuotaHolds } from "../../src/quotas/quota-holds.ts";
import { tenantObjectName } from "../../src/security/tenant.ts";
import type { CellDocuments } from "./documents.ts";
import { runJudgment } from "./judgment-run.ts";
import type { JurorStore } from "./juror-store.ts";
import type { OutboxPusher } from "./outbox-pusher.ts";
import { runPanel } from "./panel-run.ts";
import { cellTenant } from "./schema.ts";
import type { CellShadow } from "./shadow.ts";
import type { CellStore } from "./store.ts";
import type { CellStream } from "./stream.ts";

/**
 * The accepted judgment reaches Turso this long after scoring starts unless it has finished by then
 * (the first alarm pushes it): a fast judgment costs one push (its final state), a slow one is visible
 * to the list and to reconciliation while it runs.
 */
const ACCEPT_PUSH_DELAY_MS = 1_000;

/** What one run of a cell's judgment works with: the cell object's parts, lent for the run. */
export interface CellRunContext {
  ctx: DurableObjectState;
  env: Env;
  store: CellStore;
  jurors: JurorStore;
  stream: CellStream;
  documents: CellDocuments;
  holds: QuotaHolds;
  outbox: OutboxPusher;
  shadow: CellShadow;
  /** The runner's incarnation: a gate tells a crashed instance's grants from this one's. */
  incarnation: () => string;
  armAlarm: (soonest?: number) => Promise<void>;
}

/**
 * One run of the cell's judgment, from marking it scoring to its outcome: the single judge's or the
 * panel's scoring, the outcome published to subscribers, the run's quota holds settled, then the push
 * to Turso and the shadow judgment off the waiting requests' path. Never throws: a fault fails the
 * judgment (`internal`), and what is stored stays resumable.
 */
export async function runCell(run: CellRunContext, resumed: boolean): Promise<void> {
  const { store, env } = run;
  const state = store.load();
  if (!state || state.status === "completed") return;
  if (resumed) log("cell.resumed", { cell_id: state.cellId, judgment_id: state.judgmentId });
  try {
    // Marked scoring in the turn that created it (or resumed it): one commit of the cell's storage.
    store.markScoring(Date.now());
    // The first alarm pushes the accepted state if the judgment is still running by then; the next
    // ones are its heartbeat.
    await run.armAlarm(Date.now() + ACCEPT_PUSH_DELAY_MS);
    // Gates know a cell by its object's name: two tenants' cells of one id are two holders.
    const holder = { holder: tenantObjectName(cellTenant(state), state.cellId), incarnation: run.incarnation() };
    const { panel } = state.request;
    if (panel) {
      await runPanel({ env, store, jurors: run.jurors, stream: run.stream, state, panel, leaseMs: slowestJudge(env, state.request, leaseMs), holder });
    } else {
      const profile = profileNamed(env, state.request.judge.profile);
      await runJudgment({ env, store, stream: run.stream, profile, state, leaseMs: leaseMs(profile), holder, resumed });
    }
  } catch (error) {
    log("cell.run_error", { cell_id: state.cellId, error: String(error) });
    store.finish("failed", { error: { code: "internal", message: "the judgment could not be run" } }, Date.now());
  }
  publishOutcome(run);
  // Every hold this judgment's runs took, this one's and any a dead instance left.
  const ended = store.load();
  run.ctx.waitUntil(run.holds.settleAll(ended ? run.documents.spentUsd(ended) : 0));
  // The push to Turso, then the shadow judgment if this cell is sampled, start on a later turn of the
  // event loop, once the waiting requests' replies are on their way; the alarm retries either.
  run.ctx.waitUntil(
    new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => run.outbox.flush())
      .then(async () => {
        const finished = store.load();
        if (!finished || !(await run.shadow.begin(finished))) return;
        // The alarm is set before the shadow runs, so a crash mid-way leaves it to the alarm.
        await run.armAlarm();
        await run.shadow.runDue(finished);
      })
      .then(() => run.armAlarm())
      .catch(() => undefined),
  );
}

function publishOutcome({ store, stream, documents }: CellRunContext): void {
  const state = store.load();
  if (!state) return;
  if (state.status === "completed") {
    if (stream.listening()) stream.publish(state.cellId, { type: "judgment.completed", judgment: documents.document(state, false) });
  } else if (state.error) {
    stream.publish(state.cellId, { type: "judgment.failed", error: state.error });
  }
}

function profileNamed(env: Env, name: string): JudgeProfile {
  const profile = configOf(env).profiles[name];
  // A stored judgment names a profile a redeploy removed: the run fails and says which.
  if (!profile) throw new Error(`unknown judge profile "${name}"`);
  return profile;
}
