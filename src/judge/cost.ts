import type { Usage } from "./provider.ts";

/** USD per million tokens, input and output. */
export interface Prices {
  price_in_per_mtok: number;
  price_out_per_mtok: number;
}

export type CostedUsage = Usage & { cost_usd: number };

/** Rounds to 1e-8 USD so sums of many small calls stay readable and stable. */
const roundUsd = (usd: number) => Math.round(usd * 1e8) / 1e8;

/** What usage costs at a profile's prices (USD, unrounded). */
export const costOf = (usage: Usage, prices: Prices): number => (usage.input_tokens * prices.price_in_per_mtok + usage.output_tokens * prices.price_out_per_mtok) / 1e6;

/**
 * Adds a call's usage to a running total and prices it at the profile's rates.
 *
 * @example
 * addCost({ llm_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 }, { llm_calls: 1, input_tokens: 1e6, output_tokens: 0 }, { price_in_per_mtok: 0.15, price_out_per_mtok: 0.6 });
 * // → { llm_calls: 1, input_tokens: 1000000, output_tokens: 0, cost_usd: 0.15 }
 */
export function addCost(total: CostedUsage, usage: Usage, prices: Prices): CostedUsage {
  const cost = costOf(usage, prices);
  return {
    llm_calls: total.llm_calls + usage.llm_calls,
    input_tokens: total.input_tokens + usage.input_tokens,
    output_tokens: total.output_tokens + usage.output_tokens,
    cost_usd: roundUsd(total.cost_usd + cost),
  };
}

export const ZERO_COST: CostedUsage = Object.freeze({ llm_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 });
