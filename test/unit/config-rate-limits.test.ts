import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";

describe("RATE_LIMITS", () => {
  it("is on by default and can be turned off", () => {
    expect(parseConfig({}).rateLimits).toBe(true);
    expect(parseConfig({ RATE_LIMITS: "on" }).rateLimits).toBe(true);
    expect(parseConfig({ RATE_LIMITS: "off" }).rateLimits).toBe(false);
  });

  it("names the variable when the value is neither on nor off", () => {
    expect(() => parseConfig({ RATE_LIMITS: "false" })).toThrow(ConfigError);
    expect(() => parseConfig({ RATE_LIMITS: "false" })).toThrow(/RATE_LIMITS/);
  });
});
