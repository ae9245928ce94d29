import { describe, expect, it } from "vitest";
import { parseBenchOptions, SCENARIO_NAMES } from "../../scripts/bench/options.ts";

describe("the bench's flags", () => {
  it("defaults to every scenario, 20 s, 150/s and a 100 ms stub", () => {
    expect(parseBenchOptions([])).toEqual({
      out: "bench-results/latest.json",
      durationS: 20,
      rate: 150,
      readRate: null,
      stubLatencyMs: 100,
      stampede: 1_000,
      ceilingPath: "/v1/rubrics/cynic-36",
      dataRoot: null,
      direct: false,
      host: "wrangler",
      inspectorPort: null,
      verbose: false,
      logs: false,
      only: [...SCENARIO_NAMES],
      vars: {},
      help: false,
    });
  });

  it("reads every flag, and keeps --only in run order", () => {
    const options = parseBenchOptions([
      "--out", "x/y.json", "--duration", "2.5", "--rate", "20", "--read-rate", "40",
      "--stub-latency", "0", "--stampede", "50", "--only", "stampede,ceiling", "--ceiling-path", "/health", "--data-root", "/tmp", "--direct", "--logs", "--host", "workerd",
      "--var", "OVERLOAD=off", "--var", "JUDGE_CONCURRENCY=a=b",
    ]);
    expect(options).toMatchObject({
      out: "x/y.json", durationS: 2.5, rate: 20, readRate: 40, stubLatencyMs: 0, stampede: 50,
      only: ["ceiling", "stampede"], ceilingPath: "/health", dataRoot: "/tmp", direct: true, logs: true, host: "workerd",
      vars: { OVERLOAD: "off", JUDGE_CONCURRENCY: "a=b" },
    });
  });

  it("refuses bad values and unknown names with the flag's name", () => {
    expect(() => parseBenchOptions(["--duration", "0"])).toThrow(/--duration must be a positive number/);
    expect(() => parseBenchOptions(["--stampede", "1.5"])).toThrow(/--stampede must be a positive integer/);
    expect(() => parseBenchOptions(["--only", "ceiling,nope"])).toThrow(/--only takes scenario names .* got "nope"/);
    expect(() => parseBenchOptions(["--host", "miniflare"])).toThrow(/--host takes wrangler or workerd, got "miniflare"/);
    expect(() => parseBenchOptions(["--bogus"])).toThrow(/bogus/);
    expect(() => parseBenchOptions(["--var", "NOT_A_VAR=1"])).toThrow(/--var takes NAME=VALUE .*OVERLOAD.* got "NOT_A_VAR=1"/);
    expect(() => parseBenchOptions(["--var", "OVERLOAD"])).toThrow(/--var takes NAME=VALUE/);
  });
});
