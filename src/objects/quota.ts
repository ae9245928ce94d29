import type { HoldOwner, QuotaPolicy, QuotaStanding, Reservation } from "../quotas/ledger.ts";

/**
 * What the cells and the Worker see of a key's quota object (durable-objects/quota/): the stub and the
 * shapes that cross the RPC boundary.
 */
export type { HoldOwner, QuotaPolicy, QuotaStanding, Reservation } from "../quotas/ledger.ts";

/** A judgment about to call a model, charged to `key` under `policy`. */
export interface QuotaCharge {
  /** The caller's key digest (or address when the API is open). */
  key: string;
  policy: QuotaPolicy;
}

/** What a cell holds between reserving and settling. */
export interface QuotaHold {
  key: string;
  reservationId: string;
  standing: QuotaStanding;
}

export type { Reservation as QuotaReservation };

/** The Durable Object that keeps one key's quotas: one per key, named by it. */
export function quotaStub(env: Env, key: string) {
  return env.QUOTA.get(env.QUOTA.idFromName(key));
}

/** The object a reservation pays for (a cell, or a comparison), which the quota object asks about it. */
export function holdOwnerStub(env: Env, owner: HoldOwner) {
  return owner.kind === "cell" ? env.CELL.get(env.CELL.idFromName(owner.name)) : env.COMPARISON.get(env.COMPARISON.idFromName(owner.name));
}
