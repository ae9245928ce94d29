import type { JudgeProfile } from "../config.ts";

/**
 * What the Worker and the cells see of a model endpoint's gate (durable-objects/gate/): the stub and
 * the shapes that cross the RPC boundary.
 */

export type BreakerState = "closed" | "open" | "half_open";

export interface BreakerOptions {
  /** Consecutive endpoint faults that open the breaker. */
  threshold: number;
  /** How long it stays open before letting a probe through. */
  coolDownMs: number;
}

/** What a cell gets from the gate: permits to call the endpoint, or why not. */
export type GateDecision =
  | { ok: true; grantId: string; permits: number; probe: boolean }
  | { ok: false; code: "overloaded" | "provider_unavailable"; message: string; retryAfterSeconds: number };

export interface GateStatus {
  breaker: BreakerState;
  consecutive_faults: number;
  in_flight: number;
  queued: number;
  limit: number;
}

export interface GateRequest {
  /** Who holds the grant (the cell id): a holder runs one judgment at a time, so a new request from it
   * means any grant it still holds was left by a crash and can be taken back at once. */
  holder: string;
  /** Permits wanted (batches of the judgment); fewer may be granted, never zero. */
  wanted: number;
  /** The endpoint's concurrency limit (`JUDGE_CONCURRENCY` of the profile). */
  limit: number;
  /** How long a grant may be held before it is presumed lost. */
  leaseMs: number;
  /** How long to wait in the queue before giving up with `overloaded`. */
  waitMs: number;
  breaker: BreakerOptions;
}

/** The key of an endpoint: judges sharing it share its limit and its breaker. */
export function endpointKey(profile: Pick<JudgeProfile, "provider" | "base_url" | "model">): string {
  return `${profile.provider} ${profile.base_url ?? ""} ${profile.model}`;
}

/** The gate of a profile's endpoint. */
export function providerGate(env: Env, profile: Pick<JudgeProfile, "provider" | "base_url" | "model">) {
  return env.PROVIDER_GATE.get(env.PROVIDER_GATE.idFromName(endpointKey(profile)));
}
