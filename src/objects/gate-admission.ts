import type { JudgeProfile } from "../config.ts";
import { gateFor, gateShard, type GateDecision, type GateHolder } from "./gate.ts";
import { log } from "../observability/log.ts";

/**
 * Permits from a model endpoint's gate for one run of a cell: the endpoint's concurrency limit across
 * all cells and its circuit breaker, asked of the holder's own shard of the gate (src/objects/gate-shards.ts).
 * The grant id a run gets names its shard (`<shard>:<id>`), so its release reaches the same object. The
 * offline judge needs none. A gate that cannot be reached (overloaded, or down) refuses the run with
 * `overloaded`: running ungated would drop the endpoint's global limit and its breaker exactly when
 * traffic is heaviest.
 */

/** How soon a run refused for an unreachable gate may be asked for again. */
export const GATE_UNREACHABLE_RETRY_SECONDS = 5;

export type Admission =
  | { granted: Extract<GateDecision, { ok: true }> | null; concurrency: number }
  | { refused: Extract<GateDecision, { ok: false }> };

/**
 * @example
 * const admission = await admitToEndpoint(env, profile, { holder: cellId, incarnation }, batches.length, leaseMs);
 * if ("refused" in admission) return fail(admission.refused);
 */
export async function admitToEndpoint(env: Env, profile: JudgeProfile, holder: GateHolder, wanted: number, leaseMs: number): Promise<Admission> {
  if (profile.provider === "heuristic" || wanted === 0) return { granted: null, concurrency: profile.concurrency };
  try {
    const gate = gateFor(env, profile, holder.holder);
    const decision = await gate.stub.acquire({
      ...holder,
      wanted,
      limit: gate.limit,
      leaseMs,
      waitMs: profile.timeout_ms,
      breaker: { threshold: profile.breaker_threshold, coolDownMs: profile.breaker_cooldown_ms },
    });
    if (!decision.ok) return { refused: decision };
    return { granted: { ...decision, grantId: `${gate.shard}:${decision.grantId}` }, concurrency: decision.permits };
  } catch (error) {
    log("gate_unreachable", { error: String(error) });
    return {
      refused: {
        ok: false,
        code: "overloaded",
        message: "the model endpoint's gate did not answer; the judgment did not start",
        retryAfterSeconds: GATE_UNREACHABLE_RETRY_SECONDS,
      },
    };
  }
}

/**
 * A run resumed by a new instance of its object: the permits the dead instance still held come back
 * now rather than when their lease runs out (the gate knows them by the holder's older incarnations).
 * Never throws: the lease is the fallback.
 */
export async function reclaimAtEndpoint(env: Env, profile: JudgeProfile, holder: GateHolder): Promise<void> {
  if (profile.provider === "heuristic") return;
  try {
    const permits = await gateFor(env, profile, holder.holder).stub.reclaim(holder);
    if (permits > 0) log("gate_permits_reclaimed", { cell_id: holder.holder, permits });
  } catch (error) {
    log("gate_reclaim_failed", { error: String(error) });
  }
}

/**
 * Gives the permits back to the shard that granted them, with what the calls did (faults feed that
 * shard's breaker); never throws.
 */
export async function releaseToEndpoint(env: Env, profile: JudgeProfile, grantId: string, outcome: { faults: number; successes: number }): Promise<void> {
  try {
    const separator = grantId.indexOf(":");
    const shard = separator > 0 ? Number(grantId.slice(0, separator)) : 0;
    await gateShard(env, profile, shard).stub.release(grantId.slice(separator + 1), outcome);
  } catch (error) {
    // The grant's lease expires on its own; the run's result does not depend on the gate.
    log("gate_release_failed", { error: String(error) });
  }
}
