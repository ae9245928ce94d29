import { describe, expect, it } from "vitest";
import { BudgetExhaustedError, budgetShortfall, effectiveBudgetUsd, SpendGuard } from "../../src/judge/spend-guard.ts";

describe("a judgment's budget", () => {
  it("is the request's budget_usd, lowered to the server's maximum, the maximum when absent", () => {
    expect(effectiveBudgetUsd(0.5, 1)).toBe(0.5);
    expect(effectiveBudgetUsd(1_000_000, 1)).toBe(1);
    expect(effectiveBudgetUsd(undefined, 2)).toBe(2);
  });

  it("refuses a call whose worst case, with what is spent and in flight, could pass it", () => {
    const guard = new SpendGuard(1, 0.4);
    const first = guard.reserve(0.3);
    expect(() => guard.reserve(0.31)).toThrow(BudgetExhaustedError);
    guard.settle(first, 0.1);
    expect(guard.spentUsd).toBeCloseTo(0.5, 9);
    const second = guard.reserve(0.5);
    guard.settle(second, 0);
    expect(() => guard.reserve(0.500001)).toThrow(/could pass the budget of \$1/);
  });

  it("counts what earlier attempts spent in the shortfall of a retried judgment", () => {
    expect(budgetShortfall({ usd: 0.6, calls: 9 }, 0, 1)).toBeNull();
    expect(budgetShortfall({ usd: 0.6, calls: 9 }, 0.5, 1)).toEqual({ estimatedUsd: 1.1, budgetUsd: 1, calls: 9, spentUsd: 0.5 });
  });
});
