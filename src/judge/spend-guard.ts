/**
 * What a judgment may spend, checked before every model call: the calls of a judgment (its batches,
 * a panel's jurors, a comparison's two orders) share one guard, so together they never pass the budget.
 * Pure: the cell gives it what was spent before (persisted with the judgment) and the budget.
 */

/** The budget a request gives a judgment: its own `budget_usd`, never more than the server's maximum. */
export function effectiveBudgetUsd(requested: number | undefined, serverMaxUsd: number): number {
  return Math.min(requested ?? serverMaxUsd, serverMaxUsd);
}

/**
 * What was spent plus the worst case of what is still to score, against the request's budget (422
 * `budget_too_low`); null when it fits. A retried judgment counts what its earlier attempts spent.
 */
export function budgetShortfall(ceiling: { usd: number; calls: number }, spentUsd: number, budgetUsd: number): { estimatedUsd: number; budgetUsd: number; calls: number; spentUsd: number } | null {
  const estimatedUsd = Math.round((ceiling.usd + spentUsd) * 1e6) / 1e6;
  return estimatedUsd > budgetUsd ? { estimatedUsd, budgetUsd, calls: ceiling.calls, spentUsd } : null;
}

/** A model call was not made: it could have passed the judgment's budget. */
export class BudgetExhaustedError extends Error {
  override name = "BudgetExhaustedError";
  readonly budgetUsd: number;
  readonly committedUsd: number;
  readonly callUsd: number;

  constructor(budgetUsd: number, committedUsd: number, callUsd: number) {
    super(`the next model call may cost up to $${callUsd}; with $${committedUsd} spent or in flight, it could pass the budget of $${budgetUsd}`);
    this.budgetUsd = budgetUsd;
    this.committedUsd = committedUsd;
    this.callUsd = callUsd;
  }
}

/** A reservation of one call's worst case, settled once its cost is known. */
export interface SpendTicket {
  readonly usd: number;
}

/** Micro-dollars, so sums of many calls are exact. */
const micro = (usd: number) => Math.round(usd * 1e6);

export class SpendGuard {
  readonly budgetUsd: number;
  #spent: number;
  #reserved = 0;

  /** `spentUsd`: what the judgment already spent (earlier attempts included). */
  constructor(budgetUsd: number, spentUsd: number) {
    this.budgetUsd = budgetUsd;
    this.#spent = micro(spentUsd);
  }

  /** Spent, counting calls whose cost is unknown at their worst case (USD). */
  get spentUsd(): number {
    return this.#spent / 1e6;
  }

  /**
   * Reserves a call's worst case before it is made.
   * @throws BudgetExhaustedError when what is spent, what is in flight and this call could pass the budget.
   */
  reserve(callUsd: number): SpendTicket {
    const committed = this.#spent + this.#reserved;
    if (committed + micro(callUsd) > micro(this.budgetUsd)) throw new BudgetExhaustedError(this.budgetUsd, committed / 1e6, callUsd);
    this.#reserved += micro(callUsd);
    return { usd: callUsd };
  }

  /** The call ended: its reservation becomes what it cost (0 when it was not billed). */
  settle(ticket: SpendTicket, costUsd: number): void {
    this.#reserved -= micro(ticket.usd);
    this.#spent += micro(costUsd);
  }
}
