import { describe, expect, it } from "vitest";
import { JudgmentRequestSchema } from "../../src/schemas/judgment.ts";
import { RubricDefinitionSchema } from "../../src/schemas/rubric.ts";
import { checkJsonShape, DEFAULT_JSON_SHAPE_LIMITS } from "../../src/security/json-shape.ts";

const nested = (depth: number) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown;

describe("checkJsonShape", () => {
  it("accepts ordinary documents, including a full-size rubric", () => {
    expect(checkJsonShape({ content: "function f() {}", cell_id: "a:b", budget_usd: 0.5, reality: null })).toBeNull();
    const dimensions = Array.from({ length: 64 }, (_, i) => ({ id: `D${i}`, description: "d", weight: 1, threshold: 50 }));
    expect(checkJsonShape({ id: "r", axioms: [{ id: "A", dimensions }], reality_weights: { CODE: { A: 2 } } })).toBeNull();
  });

  it("bounds depth at exactly maxDepth levels of containers", () => {
    expect(checkJsonShape(nested(DEFAULT_JSON_SHAPE_LIMITS.maxDepth))).toBeNull();
    expect(checkJsonShape(nested(DEFAULT_JSON_SHAPE_LIMITS.maxDepth + 1))?.message).toMatch(/deeper than 8/);
    expect(checkJsonShape(nested(100_000))?.message).toMatch(/deeper/);
  });

  it("bounds object width, array length, total values and key length", () => {
    const wide = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i]));
    expect(checkJsonShape(wide)?.message).toMatch(/more than 64 members/);
    expect(checkJsonShape({ list: Array(257).fill(0) })).toEqual({ path: "list", message: "an array has more than 256 elements" });
    const many = { a: Array.from({ length: 200 }, () => Array(30).fill(0)) };
    expect(checkJsonShape(many)?.message).toMatch(/more than 4096 values/);
    expect(checkJsonShape({ ["k".repeat(129)]: 1 })?.message).toMatch(/key exceeds 128/);
  });

  it("rejects prototype keys wherever they are", () => {
    for (const text of ['{"__proto__":{"x":1}}', '{"a":[{"constructor":{}}]}', '{"a":{"b":{"prototype":1}}}']) {
      expect(checkJsonShape(JSON.parse(text))?.message).toMatch(/is not allowed/);
    }
    expect(checkJsonShape(JSON.parse('{"a":[{"constructor":{}}]}'))?.path).toBe("a.0");
  });

  it("rejects lone surrogates and NUL in strings and keys, and non-finite numbers", () => {
    expect(checkJsonShape(JSON.parse('{"a":"\\ud800"}'))).toEqual({ path: "a", message: expect.stringMatching(/surrogate/) });
    expect(checkJsonShape({ a: "ok \u{1F600}" })).toBeNull();
    expect(checkJsonShape({ a: "x\u0000" })?.message).toMatch(/NUL/);
    expect(checkJsonShape(JSON.parse('{"\\udc00":1}'))?.message).toMatch(/key is not valid/);
    expect(checkJsonShape(JSON.parse('{"n":1e400}'))).toEqual({ path: "n", message: "a number is out of range" });
  });
});

describe("schemas on parsed prototype keys", () => {
  it("reject __proto__ and constructor as unknown keys (strictObject) and pollute nothing", () => {
    const proto = JudgmentRequestSchema.safeParse(JSON.parse('{"content":"x","__proto__":{"polluted":true}}'));
    const ctor = JudgmentRequestSchema.safeParse(JSON.parse('{"content":"x","constructor":{"prototype":{"polluted":true}}}'));
    expect([proto.success, ctor.success]).toEqual([false, false]);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("let a record silently drop a __proto__ key, which is why the body guard rejects it first", () => {
    const parsed = RubricDefinitionSchema.safeParse(
      JSON.parse('{"id":"r","axioms":[{"id":"A","dimensions":[{"id":"D","description":"d"}]}],"reality_weights":{"CODE":{"__proto__":{"polluted":1}}}}'),
    );
    expect(parsed.success && Object.keys(parsed.data.reality_weights.CODE ?? {})).toEqual([]);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
