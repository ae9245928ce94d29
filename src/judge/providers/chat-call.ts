import type { JudgeProfile } from "../../config.ts";
import { costOf } from "../cost.ts";
import { maxOutputTokens } from "../dimension-schema.ts";
import { callCeiling } from "../estimate.ts";
import type { ChatMessage } from "../prompt.ts";
import type { SpendGuard, SpendTicket } from "../spend-guard.ts";
import { postJsonWithRetries, ProviderCallError, type HttpCallOptions } from "./http-call.ts";
import type { ChatAnswer, ChatWire } from "./wire.ts";

export interface ChatCallOptions {
  signal?: AbortSignal | undefined;
  /** The judgment's budget: every attempt reserves its worst case first, and stops if it could pass it. */
  guard?: SpendGuard | undefined;
  /** Injected in tests: the HTTP layer's fetch and sleep. */
  http?: Pick<HttpCallOptions, "fetch" | "sleep"> | undefined;
}

/**
 * One chat call to a model endpoint (scoring or comparing), its answer read in provider-neutral terms.
 * With a guard, each attempt is held to the budget: an attempt the endpoint refused with an HTTP status
 * was not billed and costs nothing; one that timed out or broke off may have been, and counts at its
 * worst case; an answered one counts what its usage says.
 *
 * @throws ProviderCallError when the endpoint fails; BudgetExhaustedError before an attempt that could pass the budget.
 */
export async function chatCall(
  wire: ChatWire,
  profile: JudgeProfile,
  messages: ChatMessage[],
  schema: Record<string, unknown> | null,
  dimensionCount: number,
  { signal, guard, http }: ChatCallOptions,
): Promise<ChatAnswer> {
  const ceiling = guard ? callCeiling(profile, messages, dimensionCount) : null;
  let ticket: SpendTicket | null = null;
  const settle = (costUsd: number) => {
    if (guard && ticket) guard.settle(ticket, costUsd);
    ticket = null;
  };
  const meter = guard && ceiling && {
    before: () => (ticket = guard.reserve(ceiling.usd)),
    failed: (error: ProviderCallError) => settle(error.kind === "http" ? 0 : ceiling.usd),
  };
  const { json } = await postJsonWithRetries({
    url: wire.url(profile),
    headers: wire.headers(profile),
    body: wire.body(profile, messages, schema, maxOutputTokens(dimensionCount)),
    timeoutMs: profile.timeout_ms,
    retries: profile.retries,
    signal,
    meter: meter || undefined,
    ...http,
  });
  let answer: ChatAnswer;
  try {
    answer = wire.read(json);
  } catch (error) {
    settle(ceiling?.usd ?? 0);
    throw new ProviderCallError("bad_response", `the endpoint's reply is not a ${wire.provider} chat reply: ${(error as Error).message}`, { status: 200, attempts: 1 });
  }
  settle(costOf(answer.usage, profile));
  return answer;
}
