import { describe, expect, it } from "vitest";
import { inLanes } from "../../src/async/lanes.ts";
import { CYNIC_36 } from "../../src/judge/rubric-cynic36.ts";
import { countDimensions } from "../../src/rubrics/count-dimensions.ts";
import { builtInRubric, formatRubricRef, parseRubricRef } from "../../src/rubrics/ref.ts";
import { isUnfinished } from "../../src/schemas/judgment.ts";

describe("rubric references", () => {
  it("format, parse and resolve id@version", () => {
    expect(formatRubricRef({ id: "cynic-36", version: 1 })).toBe("cynic-36@1");
    expect(parseRubricRef("my-rubric@12")).toEqual({ id: "my-rubric", version: 12 });
    expect(parseRubricRef("my-rubric")).toEqual({ id: "my-rubric", version: undefined });
    expect(builtInRubric("cynic-36@1")).toBe(CYNIC_36);
    expect(builtInRubric("cynic-36")).toBe(CYNIC_36);
    expect(builtInRubric("cynic-36@2")).toBeUndefined();
    expect(builtInRubric("cynic-36@01")).toBeUndefined();
    expect(builtInRubric("other@1")).toBeUndefined();
  });

  it("count a rubric's dimensions across its axioms", () => {
    expect(countDimensions(CYNIC_36)).toBe(35);
  });
});

describe("judgment status", () => {
  it("pending and scoring are unfinished; completed and failed are not", () => {
    expect((["pending", "scoring", "completed", "failed"] as const).map(isUnfinished)).toEqual([true, true, false, false]);
  });
});

describe("inLanes", () => {
  it("runs every item once, in order, never more than the lanes at a time", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await inLanes([0, 1, 2, 3, 4, 5, 6], 3, async (item) => {
      started.push(item);
      running += 1;
      most = Math.max(most, running);
      await Promise.resolve();
      running -= 1;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });

  it("handles no items and rejects with a lane's failure", async () => {
    await inLanes([], 4, async () => expect.unreachable());
    await expect(inLanes([1, 2], 2, async (item) => { if (item === 2) throw new Error("two"); })).rejects.toThrow("two");
  });
});
