import type { JudgeProfile } from "../config.ts";
import { gateFor, gateShard, type GateDecision, type GateHolder, type GateRequest } from "./gate.ts";
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
  if (!needsGate(profile, wanted)) return { granted: null, concurrency: profile.concurrency };
  try {
    const gate = gateFor(env, profile, holder.holder);
    return admissionOf(await gate.stub.acquire(gateRequest(profile, holder, wanted, gate.limit, leaseMs)), gate.shard);
  } catch (error) {
    return unreachable(error);
  }
}

/** Whether a judge's calls go through its endpoint's gate: the offline judge, or nothing to call, need none. */
export const needsGate = (profile: JudgeProfile, wanted: number): boolean => profile.provider !== "heuristic" && wanted > 0;

/** What a holder asks of its shard of a profile's endpoint's gate. */
export function gateRequest(profile: JudgeProfile, holder: GateHolder, wanted: number, limit: number, leaseMs: number): GateRequest {
  return {
    ...holder,
    wanted,
    limit,
    leaseMs,
    waitMs: profile.timeout_ms,
    breaker: { threshold: profile.breaker_threshold, coolDownMs: profile.breaker_cooldown_ms },
  };
}

/** A gate's decision as an admission; the grant id names the shard that granted it. */
export function admissionOf(decision: GateDecision, shard: number): Admission {
  if (!decision.ok) return { refused: decision };
  return { granted: { ...decision, grantId: `${shard}:${decision.grantId}` }, concurrency: decision.permits };
}

/** A gate that did not answer refuses the run (see above). */
export function unreachable(error: unknown): Extract<Admission, { refused: unknown }> {
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
export async function releaseToEndpoint(env: Env, profile: JudgeProfile, grantId: string, outcome: CallOutcome): Promise<void> {
  try {
    const { shard, id } = splitGrantId(grantId);
    await gateShard(env, profile, shard).stub.release(id, outcome);
  } catch (error) {
    // The grant's lease expires on its own; the run's result does not depend on the gate.
    log("gate_release_failed", { error: String(error) });
  }
}

/** How a grant's calls went: faults feed the breaker, answers reset it. */
export interface CallOutcome {
  faults: number;
  successes: number;
}

/** The shard a grant came from and its id there (`<shard>:<id>`, see admitToEndpoint). */
export function splitGrantId(grantId: string): { shard: number; id: string } {
  const separator = grantId.indexOf(":");
  return { shard: separator > 0 ? Number(grantId.slice(0, separator)) : 0, id: grantId.slice(separator + 1) };
}
