import { describe, expect, it } from "vitest";
import { canonicalJson, cellIdentity, sha256Hex } from "../../src/cells/identity.ts";
import { parseConfig } from "../../src/config.ts";

const profile = parseConfig({}).profiles.default!;
const rubric = { id: "cynic-36", version: 1 };

describe("cell identity", () => {
  it("hashes with SHA-256", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("serializes canonically: sorted keys, undefined dropped", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it("derives c_ + 32 hex chars, the same for identical requests", async () => {
    const a = await cellIdentity({ content: "x", rubric, profile });
    const b = await cellIdentity({ content: "x", rubric, profile });
    expect(a.cellId).toMatch(/^c_[0-9a-f]{32}$/);
    expect(a).toEqual(b);
    expect(a.cellId).toBe(`c_${a.contentDigest.slice(0, 32)}`);
  });

  it("changes with content, context, reality, rubric version and judge", async () => {
    const base = await cellIdentity({ content: "x", rubric, profile });
    const variants = await Promise.all([
      cellIdentity({ content: "y", rubric, profile }),
      cellIdentity({ content: "x", context: "c", rubric, profile }),
      cellIdentity({ content: "x", reality: "CODE", rubric, profile }),
      cellIdentity({ content: "x", rubric: { id: "cynic-36", version: 2 }, profile }),
      cellIdentity({ content: "x", rubric, profile: { ...profile, model: "other" } }),
    ]);
    expect(new Set([base, ...variants].map((v) => v.cellId)).size).toBe(6);
  });

  it("ignores how the judge is called (timeouts, retries, keys)", async () => {
    const base = await cellIdentity({ content: "x", rubric, profile });
    const tuned = await cellIdentity({ content: "x", rubric, profile: { ...profile, timeout_ms: 1, retries: 0, api_key: "k" } });
    expect(tuned.cellId).toBe(base.cellId);
  });

  it("keeps an explicit cell id but still digests the content", async () => {
    const explicit = await cellIdentity({ content: "x", rubric, profile }, "my-cell");
    expect(explicit.cellId).toBe("my-cell");
    expect(explicit.contentDigest).toHaveLength(64);
  });
});
