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

/**
 * Who asks for permits: a cell (`holder`) and its live instance (`incarnation`). An object has one
 * live instance, so grants of another incarnation of the same holder were left by one that is gone.
 */
export interface GateHolder {
  /** The object asking (a cell id). */
  holder: string;
  /** Its live instance (`ResumableRun.incarnation`): a restarted object has a new one. */
  incarnation: string;
}

/** A request for permits; grants of the holder's other incarnations are taken back when it arrives. */
export interface GateRequest extends GateHolder {
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
