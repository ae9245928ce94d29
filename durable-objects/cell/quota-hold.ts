import { quotaStub, type QuotaCharge, type QuotaHold, type QuotaReservation } from "../../src/objects/quota.ts";
import { log } from "../../src/observability/log.ts";

/**
 * The cell's side of cost quotas: a judgment about to call a model reserves its worst case with the
 * caller's quota object, and settles to what it cost when it ends. Only the cell knows whether a
 * request starts a judgment (a cached or coalesced one does not), so only the cell charges.
 */

export type QuotaDecision = { ok: true; hold: QuotaHold | null } | { ok: false; refusal: Extract<QuotaReservation, { ok: false }> };

/**
 * Reserves with the key's quota object. An unreachable quota object lets the judgment through
 * uncharged: quotas protect spend, and an outage of the counter must not become an outage of the API.
 */
export async function reserveQuota(env: Env, charge: QuotaCharge, worstCaseUsd: number): Promise<QuotaDecision> {
  try {
    const result = await quotaStub(env, charge.key).reserve(charge.policy, worstCaseUsd);
    if (!result.ok) return { ok: false, refusal: result };
    return { ok: true, hold: { key: charge.key, reservationId: result.id, standing: result.standing } };
  } catch (error) {
    log("quota_unreachable", { error: String(error) });
    return { ok: true, hold: null };
  }
}

/** Settles a hold to the judgment's actual cost; a failure leaves the worst case reserved (never under-charges). */
export async function settleQuota(env: Env, hold: QuotaHold, actualUsd: number): Promise<void> {
  try {
    await quotaStub(env, hold.key).settle(hold.reservationId, actualUsd);
  } catch (error) {
    log("quota_settle_failed", { key: hold.key.slice(0, 8), error: String(error) });
  }
}
