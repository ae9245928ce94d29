import { describe, expect, it } from "vitest";
import { jsonObjectsIn } from "../../src/judge/json-objects.ts";
import { extractJsonObject, parseScores } from "../../src/judge/parse-scores.ts";

const ids = ["COHERENCE", "ELEGANCE"];
const good = '{"COHERENCE":{"score":72,"rationale":"consistent"},"ELEGANCE":{"score":40.5,"rationale":"verbose"}}';

describe("parseScores", () => {
  it("reads a clean answer", () => {
    expect(parseScores(good, ids)).toEqual({
      outcomes: {
        COHERENCE: { status: "scored", score: 72, rationale: "consistent" },
        ELEGANCE: { status: "scored", score: 40.5, rationale: "verbose" },
      },
      problems: [],
    });
  });

  it.each([
    ["a code fence", "```json\n" + good + "\n```"],
    ["a bare fence", "```\n" + good + "\n```"],
    ["prose around it", `Sure! Here are the scores:\n${good}\nLet me know if you need more.`],
    ["a smaller object before it", `Format: {"score": n}. Answer: ${good}`],
  ])("finds the JSON in %s", (_, text) => {
    expect(parseScores(text, ids).problems).toEqual([]);
  });

  it("reads numeric text and bare numbers, and keys differing only in case", () => {
    const parsed = parseScores('{"coherence":{"score":"72","rationale":"ok"},"ELEGANCE":55}', ids);
    expect(parsed.outcomes).toEqual({
      COHERENCE: { status: "scored", score: 72, rationale: "ok" },
      ELEGANCE: { status: "scored", score: 55, rationale: "(no rationale given)" },
    });
  });

  it.each([
    ["out of range", '{"COHERENCE":{"score":150,"rationale":"x"},"ELEGANCE":{"score":50,"rationale":"x"}}', "unreadable: score is above 100"],
    ["negative", '{"COHERENCE":{"score":-1,"rationale":"x"},"ELEGANCE":{"score":50,"rationale":"x"}}', "unreadable: score is below 0"],
    ["a word", '{"COHERENCE":{"score":"high","rationale":"x"},"ELEGANCE":{"score":50,"rationale":"x"}}', "unreadable: score is not a number"],
    ["missing", '{"ELEGANCE":{"score":50,"rationale":"x"}}', "missing from the answer"],
    ["without a score", '{"COHERENCE":{"rationale":"x"},"ELEGANCE":{"score":50,"rationale":"x"}}', "unreadable: no score"],
    ["null", '{"COHERENCE":null,"ELEGANCE":{"score":50,"rationale":"x"}}', "unreadable: score is not a number"],
  ])("fails a dimension whose score is %s, keeping the others", (_, text, error) => {
    const parsed = parseScores(text, ids);
    expect(parsed.outcomes.COHERENCE).toEqual({ status: "failed", error });
    expect(parsed.outcomes.ELEGANCE).toMatchObject({ status: "scored", score: 50 });
    expect(parsed.problems.length).toBeGreaterThan(0);
  });

  it.each([
    ["garbage", "I cannot help with that.", "the answer held no readable JSON object"],
    ["truncated JSON", good.slice(0, 40), "the answer held no readable JSON object"],
    ["an array", "[1, 2]", "the answer held no readable JSON object"],
    ["nothing", "  ", "the answer was empty"],
  ])("fails every dimension of %s", (_, text, error) => {
    const parsed = parseScores(text, ids);
    expect(Object.values(parsed.outcomes)).toEqual([{ status: "failed", error }, { status: "failed", error }]);
  });

  it("ignores unrequested keys when everything asked was read", () => {
    expect(parseScores(good.replace("}}", '},"EXTRA":{"score":1,"rationale":"x"}}'), ids).problems).toEqual([]);
  });

  it("does not let braces inside strings confuse the extraction", () => {
    expect(extractJsonObject('note {"a": "} {"} then {"COHERENCE": 1}', ["COHERENCE"])).toEqual({ COHERENCE: 1 });
  });
});

describe("jsonObjectsIn", () => {
  it("reads 60 KB of `{` as unreadable, reading each character once and parsing nothing", () => {
    const text = "{".repeat(60_000);
    const cost = { scanned: 0, parsed: 0 };
    expect([...jsonObjectsIn(text, cost)]).toEqual([]);
    expect(cost).toEqual({ scanned: 60_000, parsed: 0 });
    expect(parseScores(text, ids).problems).toEqual(["the answer held no readable JSON object"]);
  });

  it("parses nested spans within a budget linear in the text, however deep the nesting", () => {
    const depth = 20_000;
    const text = `${'{"a":'.repeat(depth)}1x${"}".repeat(depth)}`;
    const cost = { scanned: 0, parsed: 0 };
    expect([...jsonObjectsIn(text, cost)]).toEqual([]);
    expect(cost.scanned).toBeLessThanOrEqual(text.length);
    expect(cost.parsed).toBeLessThanOrEqual(4 * text.length);
  });

  it("finds every object of the prose in order, skipping those inside one already read", () => {
    const text = 'a {"A": {"B": 1}} then { broken {"C": 2} } and {"D": "}"}';
    expect([...jsonObjectsIn(text)]).toEqual([{ A: { B: 1 } }, { C: 2 }, { D: "}" }]);
  });
});
