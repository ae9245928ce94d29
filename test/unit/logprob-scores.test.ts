import { describe, expect, it } from "vitest";
import { expectedScoreAt, weightScores } from "../../src/judge/logprobs/expected-score.ts";
import { scoreSpans } from "../../src/judge/logprobs/score-spans.ts";
import { ollamaTokenLogprobs, openAiTokenLogprobs, type TokenLogprob } from "../../src/judge/logprobs/token-logprobs.ts";
import type { DimensionOutcome } from "../../src/judge/types.ts";

const token = (text: string, alternatives: [string, number][] = []): TokenLogprob => ({
  token: text,
  logprob: Math.log(alternatives.find(([alt]) => alt === text)?.[1] ?? 1),
  top: alternatives.map(([alt, p]) => ({ token: alt, logprob: Math.log(p) })),
});

/** `{"A":{"score":72,"rationale":"ok"},"B":{"score":9,"rationale":"low"}}`, the numbers as tokens of their own. */
function answer(aAlternatives: [string, number][], bAlternatives: [string, number][] = [["9", 1]]): TokenLogprob[] {
  return [
    token('{"'), token("A"), token('":{"'), token("score"), token('":'), token("72", aAlternatives), token(',"'), token("rationale"), token('":"'), token("ok"),
    token('"},"'), token("B"), token('":{"'), token("score"), token('":'), token("9", bAlternatives), token(',"'), token("rationale"), token('":"'), token("low"), token('"}}'),
  ];
}

const scored = (score: number): DimensionOutcome => ({ status: "scored", score, rationale: "ok" });

describe("scoreSpans", () => {
  it("finds each dimension's score number, in an object or bare, past a rationale with braces", () => {
    const text = 'Sure: {"A": {"rationale": "a {\\"score\\": 1} b", "score": 72}, "B": 9}';
    const spans = scoreSpans(text, ["A", "B", "C"]);
    expect(spans.A!.text).toBe("72");
    expect(text.slice(spans.A!.start, spans.A!.end)).toBe("72");
    expect(spans.B!.text).toBe("9");
    expect(spans.C).toBeUndefined();
  });
});

describe("expected scores from token probabilities", () => {
  it("renormalizes the whole-integer alternatives: (0.6·72 + 0.25·75 + 0.1·70) / 0.95 = 72.58", () => {
    const tokens = answer([["72", 0.6], ["75", 0.25], ["70", 0.1], ['"', 0.05]]);
    const result = weightScores({ A: scored(72), B: scored(9) }, tokens);
    expect(result.outcomes.A).toEqual({ status: "scored", score: 72.58, raw_score: 72, scoring: "logprobs", rationale: "ok" });
    expect(result.outcomes.B).toEqual({ status: "scored", score: 9, raw_score: 9, scoring: "logprobs", rationale: "ok" });
    expect(result.fallbacks).toBe(0);
  });

  it("leaves out numbers above 100, fractions and words, and counts a repeated token once", () => {
    const tokens = answer([["72", 0.5], ["72", 0.5], ["150", 0.2], ["7.5", 0.1], ["high", 0.1], ["80", 0.5]]);
    expect(weightScores({ A: scored(72) }, tokens).outcomes.A).toMatchObject({ score: 76, scoring: "logprobs" });
  });

  it("strips the text the sampled token carries around the number from the alternatives", () => {
    const tokens = [token('{"A":{"score":'), token(" 60,", [[" 60,", 0.5], [" 70,", 0.5], [" 9x", 0.2]]), token('"rationale":"r"}}')];
    expect(weightScores({ A: scored(60) }, tokens).outcomes.A).toMatchObject({ score: 65, raw_score: 60, scoring: "logprobs" });
  });

  it("a number split over two tokens, or no probabilities at all, falls back to direct and is counted", () => {
    const split = [token('{"A":{"score":'), token("7", [["7", 0.9], ["8", 0.1]]), token("2"), token(',"rationale":"r"}}')];
    expect(expectedScoreAt(split, { start: 14, end: 16, text: "72" })).toBeNull();
    const splitResult = weightScores({ A: scored(72) }, split);
    expect(splitResult).toEqual({ outcomes: { A: { status: "scored", score: 72, raw_score: 72, scoring: "direct", rationale: "ok" } }, fallbacks: 1 });
    const none = weightScores({ A: scored(72), B: { status: "failed", error: "x" } }, null);
    expect(none.fallbacks).toBe(1);
    expect(none.outcomes.B).toEqual({ status: "failed", error: "x" });
  });
});

describe("wire formats", () => {
  const entry = { token: "72", logprob: -0.5, top_logprobs: [{ token: "72", logprob: -0.5 }, { token: "70", logprob: -1 }] };

  it("reads OpenAI's choices[0].logprobs.content (with bytes) and Ollama's top-level logprobs", () => {
    const openai = { choices: [{ index: 0, message: { role: "assistant", content: "72" }, logprobs: { content: [{ ...entry, bytes: [55, 50] }], refusal: null } }] };
    expect(openAiTokenLogprobs(openai)).toEqual([{ token: "72", logprob: -0.5, top: [{ token: "72", logprob: -0.5 }, { token: "70", logprob: -1 }] }]);
    expect(ollamaTokenLogprobs({ message: { role: "assistant", content: "72" }, logprobs: [entry] })).toEqual(openAiTokenLogprobs(openai));
  });

  it("absent or malformed probabilities read as none", () => {
    expect(openAiTokenLogprobs({ choices: [{ logprobs: null }] })).toBeNull();
    expect(ollamaTokenLogprobs({ message: {} })).toBeNull();
    expect(ollamaTokenLogprobs({ logprobs: [{ token: "7" }] })).toBeNull();
  });
});
