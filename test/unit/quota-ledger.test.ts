import { describe, expect, it } from "vitest";
import { emptyLedger, HOLD_CHECK_MS, nextCheckAt, overdueOwners, postponeOverdue, reserve, settle, standing } from "../../src/quotas/ledger.ts";
import { limitField, policyField, quotaItems, WindowCounter } from "../../src/quotas/ratelimit-fields.ts";

const T0 = Date.UTC(2026, 11, 2, 10, 0, 30); // 30 s into a minute
const policy = { judgments_per_minute: 2, usd_per_day: 1 };

describe("quota ledger", () => {
  it("counts judgments per fixed minute and refuses past the limit until the minute ends", () => {
    let [state, result] = reserve(emptyLedger(), policy, 0, T0, "a");
    expect(result).toMatchObject({ ok: true, standing: { judgmentsRemaining: 1 } });
    [state, result] = reserve(state, policy, 0, T0 + 1, "b");
    [state, result] = reserve(state, policy, 0, T0 + 2, "c");
    expect(result).toMatchObject({ ok: false, limit: "judgments_per_minute", retryAfterSeconds: 30 });
    [, result] = reserve(state, policy, 0, T0 + 30_000, "d");
    expect(result.ok).toBe(true);
  });

  it("reserves the worst case, settles to the actual cost, and refuses what would pass the day's spend", () => {
    let [state, result] = reserve(emptyLedger(), { judgments_per_minute: null, usd_per_day: 1 }, 0.7, T0, "a");
    expect(result).toMatchObject({ ok: true, standing: { usdRemaining: 0.3, judgmentsRemaining: null } });
    [state, result] = reserve(state, { judgments_per_minute: null, usd_per_day: 1 }, 0.5, T0, "b");
    expect(result).toMatchObject({ ok: false, limit: "usd_per_day" });
    state = settle(state, "a", 0.1, T0 + 5);
    expect(standing(state, policy, T0 + 5).usdRemaining).toBe(0.9);
    expect(settle(state, "a", 0.1, T0 + 6)).toEqual(state); // settling twice changes nothing
    [, result] = reserve(state, { judgments_per_minute: null, usd_per_day: 1 }, 0.5, T0 + 10, "c");
    expect(result.ok).toBe(true);
  });

  it("takes a reservation asked twice under one id once", () => {
    const [state] = reserve(emptyLedger(), policy, 0.4, T0, "a");
    const [again, result] = reserve(state, policy, 0.4, T0 + 1, "a");
    expect(result).toMatchObject({ ok: true, id: "a", standing: { judgmentsRemaining: 1, usdRemaining: 0.6 } });
    expect(again).toEqual(state);
  });

  it("starts each UTC day from zero", () => {
    const [state] = reserve(emptyLedger(), policy, 1, T0, "a");
    expect(standing(settle(state, "a", 1, T0), policy, T0).usdRemaining).toBe(0);
    expect(standing(state, policy, T0 + 86_400_000).usdRemaining).toBe(1);
  });

  it("names the owners of reservations open past their check, each once, and asks again later", () => {
    const cell = { kind: "cell" as const, name: "t/c1" };
    const comparison = { kind: "comparison" as const, name: "t/k1" };
    let [state] = reserve(emptyLedger(), { judgments_per_minute: null, usd_per_day: null }, 0.1, T0, "a", cell);
    [state] = reserve(state, { judgments_per_minute: null, usd_per_day: null }, 0.1, T0 + 1, "b", cell);
    [state] = reserve(state, { judgments_per_minute: null, usd_per_day: null }, 0.1, T0 + 2, "c", comparison);
    [state] = reserve(state, { judgments_per_minute: null, usd_per_day: null }, 0.1, T0 + 3, "no-owner");
    expect(nextCheckAt(state)).toBe(T0 + HOLD_CHECK_MS);
    expect(overdueOwners(state, T0 + HOLD_CHECK_MS - 1)).toEqual([]);
    expect(overdueOwners(state, T0 + HOLD_CHECK_MS + 1)).toEqual([cell]);
    expect(overdueOwners(state, T0 + HOLD_CHECK_MS + 2)).toEqual([cell, comparison]);
    // Settled reservations are no longer asked about; those still open are asked again a check later.
    const later = postponeOverdue(settle(state, "a", 0.05, T0 + 5), T0 + HOLD_CHECK_MS + 1);
    expect(overdueOwners(later, T0 + HOLD_CHECK_MS + 2)).toEqual([comparison]);
    expect(nextCheckAt(later)).toBe(T0 + HOLD_CHECK_MS + 2);
    expect(nextCheckAt(settle(settle(later, "b", 0, T0), "c", 0, T0))).toBeNull();
  });
});

describe("RateLimit header fields", () => {
  it("writes the IETF draft's items, spend in cents", () => {
    const [, result] = reserve(emptyLedger(), policy, 0.25, T0, "a");
    const items = [{ name: "reads", quota: 600, windowSeconds: 10, remaining: 599, resetSeconds: 7 }, ...quotaItems(result.standing)];
    expect(policyField(items)).toBe('"reads";q=600;w=10, "judgments";q=2;w=60, "usd-cents";q=100;w=86400');
    expect(limitField(items)).toBe(`"reads";r=599;t=7, "judgments";r=1;t=30, "usd-cents";r=75;t=${result.standing.dayResetSeconds}`);
  });

  it("counts per key in fixed windows", () => {
    const counter = new WindowCounter(2);
    expect(counter.hit("a", 10, 5_000)).toEqual({ count: 1, resetSeconds: 5 });
    expect(counter.hit("a", 10, 6_000).count).toBe(2);
    expect(counter.hit("a", 10, 10_000).count).toBe(1);
  });
});
