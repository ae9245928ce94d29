import { describe, expect, it } from "vitest";
import { GrantHolders } from "../../durable-objects/gate/grant-holders.ts";

const first = { holder: "cell-a", incarnation: "one" };
const second = { holder: "cell-a", incarnation: "two" };
const other = { holder: "cell-b", incarnation: "one" };

describe("the holders of a gate's grants", () => {
  it("hands back every grant of a holder's older incarnation when a newer one appears", () => {
    const holders = new GrantHolders();
    expect(holders.supersede(first)).toEqual([]);
    expect(holders.add(first, "g1")).toBe(true);
    expect(holders.add(first, "g2")).toBe(true);
    expect(holders.add(other, "g3")).toBe(true);
    expect(holders.supersede(first)).toEqual([]);
    expect(holders.supersede(second).sort()).toEqual(["g1", "g2"]);
    expect(holders.size).toBe(1);
    expect(holders.supersede(second)).toEqual([]);
  });

  it("refuses a grant to an incarnation that a newer one replaced while it waited", () => {
    const holders = new GrantHolders();
    holders.supersede(first);
    holders.supersede(second);
    expect(holders.add(first, "late")).toBe(false);
    expect(holders.add(second, "g1")).toBe(true);
    expect(holders.size).toBe(1);
  });

  it("forgets released grants and holders that hold nothing", () => {
    const holders = new GrantHolders();
    holders.supersede(first);
    holders.add(first, "g1");
    holders.remove("g1");
    holders.remove("unknown");
    expect(holders.size).toBe(0);
    holders.supersede(second);
    holders.settleRefused(second);
    // Nothing remembered of cell-a: an older incarnation's late grant is no longer refused.
    expect(holders.add(first, "g2")).toBe(true);
  });
});
