import { describe, expect, it } from "vitest";
import { cellIdentity } from "../../src/cells/identity.ts";
import { ConfigError, judgeChoice, parseConfig } from "../../src/config.ts";

const base = (name: string, extra: Record<string, unknown> = {}) => ({ provider: "ollama", base_url: `http://127.0.0.1:11434`, model: name, ...extra });
const singles = { a: base("llama3.2"), b: base("qwen2.5"), c: base("mistral", { scoring: "logprobs" }) };
const configWith = (profiles: Record<string, unknown>, env: Record<string, string> = {}) => parseConfig({ JUDGE_PROFILES: JSON.stringify({ ...singles, ...profiles }), ...env });

describe("panel profiles", () => {
  it("reads a panel with its defaults: median, majority quorum, weight 1", () => {
    const config = configWith({ trio: { panel: ["a", "b", "c"] } });
    expect(config.panels.trio).toMatchObject({ name: "trio", panel: ["a", "b", "c"], aggregate: "median", quorum: 2, weights: {} });
    expect(config.panels.trio!.members.map((member) => member.model)).toEqual(["llama3.2", "qwen2.5", "mistral"]);
    expect(config.profiles.c!.scoring).toBe("logprobs");
    expect(config.profiles.a!.scoring).toBe("direct");
    expect(config.juryDisagreement).toBe(25);
    expect(judgeChoice(config, "trio")?.kind).toBe("panel");
    expect(judgeChoice(config, "a")?.kind).toBe("single");
    expect(judgeChoice(config, "nobody")).toBeUndefined();
  });

  it("takes aggregate, quorum, weights, the default profile as a juror, and JURY_DISAGREEMENT", () => {
    const config = configWith({ duo: { panel: ["default", "a"], aggregate: "weighted", quorum: 1, weights: { a: 2.5 } } }, { JURY_DISAGREEMENT: "30" });
    expect(config.panels.duo).toMatchObject({ aggregate: "weighted", quorum: 1, weights: { a: 2.5 } });
    expect(config.panels.duo!.members[0]!.name).toBe("default");
    expect(config.juryDisagreement).toBe(30);
  });

  it.each([
    [{ panel: ["a", "ghost"] }, /judge panel "bad": juror "ghost" is not a configured judge profile/],
    [{ panel: ["a", "other"] }, /judge panel "bad": juror "other" is itself a panel/],
    [{ panel: ["a", "b"], quorum: 3 }, /judge panel "bad": quorum 3 is above the panel's 2 jurors/],
    [{ panel: ["a", "b"], weights: { a: 0 } }, /judge panel "bad": weights\.a: weights must be positive/],
    [{ panel: ["a", "b"], weights: { c: 1 } }, /judge panel "bad": weights name "c", who is not on the panel/],
    [{ panel: ["a", "b"], weights: { a: "heavy" } }, /judge panel "bad": weights\.a/],
    [{ panel: ["a"] }, /judge panel "bad": panel: a panel needs at least 2 jurors/],
    [{ panel: ["a", "b", "c", "a", "b", "c", "a", "b"] }, /judge panel "bad": panel: a panel has at most 7 jurors/],
    [{ panel: ["a", "a"] }, /judge panel "bad": juror "a" is named twice/],
    [{ panel: ["a", "b"], aggregate: "mode" }, /judge panel "bad": aggregate/],
    [{ panel: ["a", "b"], quorum: 1.5 }, /judge panel "bad": quorum: quorum must be a whole number/],
    [{ panel: ["a", "b"], provider: "ollama" }, /judge panel "bad": .*provider/],
  ])("stops on an invalid panel, naming it: %j", (panel, message) => {
    expect(() => configWith({ bad: panel, other: { panel: ["a", "b"] } })).toThrow(ConfigError);
    expect(() => configWith({ bad: panel, other: { panel: ["a", "b"] } })).toThrow(message);
  });

  it("rejects a bad scoring option or JURY_DISAGREEMENT", () => {
    expect(() => configWith({ d: base("x", { scoring: "vibes" }) })).toThrow(/JUDGE_PROFILES at d\.scoring="vibes": expected one of direct, logprobs/);
    expect(() => configWith({}, { JURY_DISAGREEMENT: "-1" })).toThrow(/JURY_DISAGREEMENT/);
  });
});

describe("panel identity", () => {
  const rubric = { id: "cynic-36", version: 1 };

  it("a panel's derived cell id covers its jurors' digests and how it combines them", async () => {
    const config = configWith({ trio: { panel: ["a", "b", "c"] }, mean: { panel: ["a", "b", "c"], aggregate: "mean" }, swapped: { panel: ["a", "b", "default"] } });
    const id = async (name: string) => (await cellIdentity({ content: "x", rubric, profile: config.panels[name] ?? config.profiles[name]! })).cellId;
    const again = configWith({ trio: { panel: ["a", "b", "c"] } });
    expect(await id("trio")).toBe((await cellIdentity({ content: "x", rubric, profile: again.panels.trio! })).cellId);
    const ids = new Set(await Promise.all(["trio", "mean", "swapped", "a"].map(id)));
    expect(ids.size).toBe(4);
    const otherModel = configWith({ trio: { panel: ["a", "b", "c"] }, c: base("phi3") });
    expect((await cellIdentity({ content: "x", rubric, profile: otherModel.panels.trio! })).cellId).not.toBe(await id("trio"));
  });

  it("logprob scoring changes a profile's digest; direct scoring keeps the old one", async () => {
    const config = configWith({});
    const direct = await cellIdentity({ content: "x", rubric, profile: config.profiles.a! });
    const { scoring: _, ...withoutScoring } = config.profiles.a!;
    expect((await cellIdentity({ content: "x", rubric, profile: withoutScoring as typeof config.profiles.a & object })).cellId).toBe(direct.cellId);
    expect((await cellIdentity({ content: "x", rubric, profile: { ...config.profiles.a!, scoring: "logprobs" } })).cellId).not.toBe(direct.cellId);
  });
});
