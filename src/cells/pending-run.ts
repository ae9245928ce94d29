import { ZERO_COST } from "../judge/cost.ts";

/**
 * What every new run of a cell or a comparison starts from: pending, nothing spent, no attempt yet,
 * received at `receivedAt` (the first request's arrival).
 *
 * @example
 * store.create({ cellId, judgmentId, contentDigest, request, summary: null, budgetUsd, ...pendingRun(receivedAt) });
 */
export function pendingRun(receivedAt: number) {
  return {
    status: "pending" as const,
    error: null,
    usage: ZERO_COST,
    createdAt: receivedAt,
    startedAt: null,
    completedAt: null,
    attempts: 0,
  };
}
