import type { ReplyMode } from "./behaviour.ts";
import type { ChatRequest, Provider } from "./wire.ts";

/**
 * One call the fake model server received, as `GET /__calls` lists it. Types only (no Node imports),
 * so tests running inside workerd can share it.
 */
export interface CallRecord {
  provider: Provider;
  model: string;
  structured: ChatRequest["structured"];
  dimensions: string[];
  /** 1 for the first time this exact request (model, dimensions, first user message) was seen. */
  attempt: number;
  mode: ReplyMode;
  /** True when the judge sent a repair message after an invalid answer. */
  repair: boolean;
  /** True when the request asked for token probabilities (`logprobs: true`). */
  logprobs: boolean;
  status: number;
  /** The first user message, where tests put a unique marker. */
  user: string;
  at: number;
  /** When the reply was sent or the client went away (0 while in progress). */
  endedAt: number;
  /** Order of this call's start and end among all start and end events (end 0 while in progress):
   * unlike millisecond times, never ambiguous about what overlapped. */
  startSeq: number;
  endSeq: number;
}

