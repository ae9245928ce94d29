import type { JudgeProfile } from "../../config.ts";
import { HEURISTIC_MODEL, scoreHeuristically } from "../heuristic/index.ts";
import { NO_USAGE, type BatchError, type Usage } from "../provider.ts";
import type { HttpCallOptions } from "../providers/http-call.ts";
import { schemaCall } from "../providers/schema-call.ts";
import type { SpendGuard } from "../spend-guard.ts";
import { ollamaWire } from "../providers/ollama-wire.ts";
import { openAiWire } from "../providers/openai-wire.ts";
import type { ChatWire } from "../providers/wire.ts";
import type { DimensionSpec } from "../types.ts";
import { parsePreferences, preferenceSchema, type PreferenceOutcome } from "./answers.ts";
import { buildComparisonMessages } from "./prompt.ts";

/**
 * Judges that compare two contents per dimension: the offline heuristic or a model behind a chat
 * endpoint. Like scoring providers they never throw for a bad answer, and a failure is never a
 * preference: it is a failed outcome with the reason, asked again by the next attempt.
 */

export interface ComparisonInput {
  first: { content: string; tag: string };
  second: { content: string; tag: string };
  context?: string | undefined;
  axioms?: Readonly<Record<string, string>> | undefined;
}

export interface ComparisonBatchResult {
  outcomes: Record<string, PreferenceOutcome>;
  usage: Usage;
  error?: BatchError;
}

export interface ComparisonProvider {
  readonly provider: string;
  readonly model: string;
  /** `guard`: the comparison's budget, shared by all its calls. */
  compareBatch(input: ComparisonInput, dimensions: DimensionSpec[], signal?: AbortSignal, guard?: SpendGuard): Promise<ComparisonBatchResult>;
}

/** A difference of fewer points than this between the two heuristic scores is a tie. */
export const HEURISTIC_TIE_POINTS = 3;

/**
 * The offline comparison: each content scored by the heuristic, the higher preferred. It looks at each
 * content alone, so it is position-consistent by construction.
 */
export class HeuristicComparison implements ComparisonProvider {
  readonly provider = "heuristic";
  readonly model = HEURISTIC_MODEL;

  async compareBatch(input: ComparisonInput, dimensions: DimensionSpec[]): Promise<ComparisonBatchResult> {
    const first = scoreHeuristically({ content: input.first.content, context: input.context }, dimensions);
    const second = scoreHeuristically({ content: input.second.content, context: input.context }, dimensions);
    const outcomes: Record<string, PreferenceOutcome> = {};
    for (const { id } of dimensions) {
      const a = first[id]?.score;
      const b = second[id]?.score;
      if (a === undefined || b === undefined) {
        outcomes[id] = { status: "failed", error: "the heuristic produced no score for this dimension" };
        continue;
      }
      const prefer = Math.abs(a - b) < HEURISTIC_TIE_POINTS ? "tie" : a > b ? "first" : "second";
      outcomes[id] = { status: "answered", prefer, rationale: `offline heuristic, not a model: first scores ${a}, second ${b}` };
    }
    return { outcomes, usage: NO_USAGE };
  }
}

/** Endpoints that refused the preferences' JSON Schema: later comparison calls put the schema in the prompt. */
const schemaRefused = new Set<string>();

/** What each key of a comparison answer holds, as the repair message states it. */
const PREFERENCE_VALUE_SHAPE = '{"prefer": "first" | "second" | "tie", "rationale": <one sentence>}';

/** A model behind an Ollama or OpenAI-compatible chat endpoint, asked with the preference schema. */
export class ChatComparison implements ComparisonProvider {
  readonly provider: string;
  readonly model: string;
  readonly #wire: ChatWire;
  readonly #profile: JudgeProfile;
  readonly #http: Pick<HttpCallOptions, "fetch" | "sleep"> | undefined;

  constructor(wire: ChatWire, profile: JudgeProfile, http?: Pick<HttpCallOptions, "fetch" | "sleep">) {
    this.#wire = wire;
    this.#profile = profile;
    this.#http = http;
    this.provider = wire.provider;
    this.model = profile.model;
  }

  compareBatch(input: ComparisonInput, dimensions: DimensionSpec[], signal?: AbortSignal, guard?: SpendGuard): Promise<ComparisonBatchResult> {
    const ids = dimensions.map((d) => d.id);
    return schemaCall<PreferenceOutcome>(
      {
        wire: this.#wire,
        profile: this.#profile,
        http: this.#http,
        dimensions,
        schema: preferenceSchema(dimensions),
        schemaRefused,
        messages: (structured) =>
          buildComparisonMessages({ dimensions, axiomDescriptions: input.axioms, first: input.first, second: input.second, context: input.context, structured }),
        parse: (answer) => parsePreferences(answer.content, ids),
        valueShape: PREFERENCE_VALUE_SHAPE,
      },
      signal,
      guard,
    );
  }
}

/** The comparison judge a profile names. */
export function createComparisonProvider(profile: JudgeProfile, http?: Pick<HttpCallOptions, "fetch" | "sleep">): ComparisonProvider {
  switch (profile.provider) {
    case "heuristic":
      return new HeuristicComparison();
    case "ollama":
      return new ChatComparison(ollamaWire, profile, http);
    case "openai":
      return new ChatComparison(openAiWire, profile, http);
  }
}
