import { describe, expect, it } from "vitest";
import { extractFeatures } from "../../src/judge/heuristic/features.ts";
import { ruleFor, scoreHeuristically } from "../../src/judge/heuristic/index.ts";
import { RULES } from "../../src/judge/heuristic/rules.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";

const ALL = CYNIC_36.axioms.flatMap((axiom) => axiom.dimensions);
const scores = (content: string, context?: string) =>
  Object.fromEntries(Object.entries(scoreHeuristically({ content, context }, ALL)).map(([id, s]) => [id, s.score]));

const TESTED_CODE = `// Adds two numbers; throws on non-finite input because NaN hides bugs.
export function add(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new Error("add: expected finite numbers");
  return a + b;
}

describe("add", () => {
  it("adds", () => expect(add(1, 2)).toBe(3));
  it("throws on NaN", () => expect(() => add(NaN, 1)).toThrow());
});`;

const HYPE = "This is the BEST, most REVOLUTIONARY product ever!!! Guaranteed 100% returns. Buy now, limited offer!!!";

const HONEST = `# Moving the queue to Postgres

We will move the job queue to Postgres because the current store loses about 0.3% of jobs under load
(measured over 14 days, see https://example.com/queue-report).

- Risk: a 5 minute write freeze during cutover.
- Limitation: no cross-region replication until Q3.

I own this decision; review and feedback are welcome.`;

describe("the offline heuristic judge", () => {
  it("scores every cynic-36 dimension with a rule, 0..100, explaining itself", () => {
    expect(Object.keys(RULES).sort()).toEqual(ALL.map((d) => d.id).sort());
    const result = scoreHeuristically({ content: TESTED_CODE }, ALL);
    for (const dimension of ALL) {
      const { score, rationale } = result[dimension.id]!;
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(rationale).toMatch(/^offline heuristic, not a model: /);
    }
  });

  it("is deterministic", () => {
    expect(scores(HONEST)).toEqual(scores(HONEST));
  });

  it("rewards tests and comments in code", () => {
    const bare = scores("export function add(a, b) { return a + b }");
    const tested = scores(TESTED_CODE);
    expect(tested.VERIFIABILITY).toBeGreaterThan(bare.VERIFIABILITY!);
    expect(tested.TRANSPARENCY).toBeGreaterThan(bare.TRANSPARENCY!);
    expect(tested.VIGILANCE).toBeGreaterThan(bare.VIGILANCE!);
  });

  it("marks hype down and candour, sources and ownership up", () => {
    const hype = scores(HYPE);
    const honest = scores(HONEST);
    for (const id of ["CANDOR", "KENOSIS", "ACCURACY", "SACRIFICE", "PROVENANCE", "ACCOUNTABILITY"]) {
      expect(honest[id], id).toBeGreaterThan(hype[id]!);
    }
  });

  it("marks repetition and unbalanced brackets down", () => {
    const repeated = scores(Array.from({ length: 20 }, () => "console.log('same line again');").join("\n"));
    const varied = scores(Array.from({ length: 20 }, (_, i) => `console.log('line number ${i} differs');`).join("\n"));
    expect(repeated.EFFICIENCY).toBeLessThan(varied.EFFICIENCY!);
    expect(scores("function f( { return [1, 2; }").COHERENCE).toBeLessThan(scores("function f() { return [1, 2]; }").COHERENCE!);
  });

  it("reads relevance from the context when one is given", () => {
    const on = scores("The queue moves to Postgres next week.", "Should we move the queue to Postgres?");
    const off = scores("Bananas are rich in potassium.", "Should we move the queue to Postgres?");
    expect(on.RELEVANCE).toBeGreaterThan(off.RELEVANCE!);
  });

  it("maps a custom dimension to the closest built-in rule, else the overall mean", () => {
    expect(ruleFor({ id: "TESTED", description: "Claims can be checked through tests" }).via).toBe("VERIFIABILITY");
    expect(ruleFor({ id: "ZZZ", description: "qqq" }).via).toBe("the mean of every built-in rule");
    const custom = scoreHeuristically({ content: TESTED_CODE }, [{ id: "ZZZ", axiom: "A", description: "qqq", weight: 1, threshold: 50 }]);
    expect(custom.ZZZ!.rationale).toContain("read as the mean of every built-in rule");
  });

  it("tells code comments from Markdown headings", () => {
    expect(extractFeatures("# Title\n\nSome prose here.\n\n# Another").commentRatio).toBe(0);
    expect(extractFeatures("# a comment\nx = 1\nif x:\n    return x\n").commentRatio).toBeGreaterThan(0);
  });
});
