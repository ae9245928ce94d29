import type { JudgeProfile } from "../config.ts";
import { gateFor, type GateDecision } from "./gate.ts";
import { log } from "../observability/log.ts";

/**
 * Permits from a model endpoint's gate for one run of a cell: the endpoint's concurrency limit across
 * all cells and its circuit breaker, asked of the cell's own shard of the gate (src/objects/gate-shards.ts). The offline judge needs none. A gate that cannot be reached is not
 * a reason to refuse work: the run then goes at the profile's own concurrency.
 */

export type Admission =
  | { granted: Extract<GateDecision, { ok: true }> | null; concurrency: number }
  | { refused: Extract<GateDecision, { ok: false }> };

/**
 * @example
 * const admission = await admitToEndpoint(env, profile, cellId, batches.length, leaseMs);
 * if ("refused" in admission) return fail(admission.refused);
 */
export async function admitToEndpoint(env: Env, profile: JudgeProfile, holder: string, wanted: number, leaseMs: number): Promise<Admission> {
  if (profile.provider === "heuristic" || wanted === 0) return { granted: null, concurrency: profile.concurrency };
  try {
    const gate = gateFor(env, profile, holder);
    const decision = await gate.stub.acquire({
      holder,
      wanted,
      limit: gate.limit,
      leaseMs,
      waitMs: profile.timeout_ms,
      breaker: { threshold: profile.breaker_threshold, coolDownMs: profile.breaker_cooldown_ms },
    });
    return decision.ok ? { granted: decision, concurrency: decision.permits } : { refused: decision };
  } catch (error) {
    log("gate_unreachable", { error: String(error) });
    return { granted: null, concurrency: profile.concurrency };
  }
}

/**
 * Gives the permits back with what the calls did (faults feed the breaker of the holder's shard);
 * never throws.
 */
export async function releaseToEndpoint(env: Env, profile: JudgeProfile, holder: string, grantId: string, outcome: { faults: number; successes: number }): Promise<void> {
  try {
    await gateFor(env, profile, holder).stub.release(grantId, outcome);
  } catch (error) {
    // The grant's lease expires on its own; the run's result does not depend on the gate.
    log("gate_release_failed", { error: String(error) });
  }
}
