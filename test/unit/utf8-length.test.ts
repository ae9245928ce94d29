import { describe, expect, it } from "vitest";
import { exceedsUtf8Bytes } from "../../src/http/utf8-length.ts";

const bytes = (value: string) => new TextEncoder().encode(value).byteLength;

describe("exceedsUtf8Bytes", () => {
  it("agrees with the encoded length at and around the limit, for 1- to 4-byte characters", () => {
    for (const unit of ["a", "é", "€", "😀"]) {
      for (let count = 0; count <= 12; count += 1) {
        const value = unit.repeat(count);
        for (let max = 0; max <= 50; max += 1) expect(exceedsUtf8Bytes(value, max), `${count} × ${unit}, max ${max}`).toBe(bytes(value) > max);
      }
    }
  });

  it("decides long values from their length alone", () => {
    expect(exceedsUtf8Bytes("x".repeat(100_001), 100_000)).toBe(true);
    expect(exceedsUtf8Bytes("€".repeat(30_000), 100_000)).toBe(false);
    expect(exceedsUtf8Bytes("€".repeat(40_000), 100_000)).toBe(true);
  });
});
