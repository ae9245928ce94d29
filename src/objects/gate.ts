import type { JudgeProfile } from "../config.ts";
import { effectiveShards, shardLimit, shardName, shardOf } from "./gate-shards.ts";

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
  /** Grants this object has handed out since it started (in memory, like the rest of its state). */
  granted: number;
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
  /** This gate's share of the endpoint's concurrency limit (all of it when the endpoint has one shard). */
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

type Endpoint = Pick<JudgeProfile, "provider" | "base_url" | "model" | "concurrency" | "gate_shards">;

/** One of an endpoint's gate objects and its share of the endpoint's limit. */
export interface GateShard {
  shard: number;
  shards: number;
  limit: number;
  stub: ReturnType<Env["PROVIDER_GATE"]["get"]>;
}

function shardStub(env: Env, profile: Endpoint, shard: number, shards: number): GateShard {
  const stub = env.PROVIDER_GATE.get(env.PROVIDER_GATE.idFromName(shardName(endpointKey(profile), shard)));
  return { shard, shards, limit: shardLimit(profile.concurrency, shards, shard), stub };
}

/**
 * The gate a holder (a cell) asks for permits of a profile's endpoint: always the same shard for the
 * same holder (src/objects/gate-shards.ts), so its release and its crash recovery find its grant.
 */
export function gateFor(env: Env, profile: Endpoint, holder: string): GateShard {
  const shards = effectiveShards(profile.gate_shards, profile.concurrency);
  return shardStub(env, profile, shardOf(holder, shards), shards);
}

/** Shard `shard` of a profile's endpoint (a release names the shard that granted it). */
export function gateShard(env: Env, profile: Endpoint, shard: number): GateShard {
  return shardStub(env, profile, shard, effectiveShards(profile.gate_shards, profile.concurrency));
}

/** Every gate shard of a profile's endpoint, for /health. */
export function gateShardsOf(env: Env, profile: Endpoint): GateShard[] {
  const shards = effectiveShards(profile.gate_shards, profile.concurrency);
  return Array.from({ length: shards }, (_, shard) => shardStub(env, profile, shard, shards));
}
