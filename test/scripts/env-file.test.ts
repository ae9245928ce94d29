import { describe, expect, it } from "vitest";
import { envFileLine, layoutWorkerVars } from "../../scripts/stack/env-file.ts";

/**
 * How each value is written for wrangler's dotenv + dotenv-expand. That wrangler reads every one of
 * these back exactly is checked end to end in start-settings.test.ts, through a real `wrangler dev`.
 */
describe("the env file for wrangler dev", () => {
  it("single-quotes JSON, so its double quotes, `=`, `#` and newlines stay literal", () => {
    const json = '{"fast":\n {"provider":"heuristic","model":"a=b # c"}}';
    expect(envFileLine("JUDGE_PROFILES", json)).toBe(`JUDGE_PROFILES='${json}'`);
  });

  it("escapes every `$`, which dotenv-expand would otherwise substitute", () => {
    expect(envFileLine("JUDGE_MODEL", "$HOME ${USER} \\$x")).toBe("JUDGE_MODEL='\\$HOME \\${USER} \\\\$x'");
  });

  it("takes backticks for a value with an apostrophe, double quotes for one with both other quotes", () => {
    expect(envFileLine("K", `it's "x"`)).toBe("K=`it's \"x\"`");
    expect(envFileLine("K", "it's `x`\nnext")).toBe('K="it\'s `x`\\nnext"');
  });

  it("carries a carriage return only in double quotes, as an escape", () => {
    expect(envFileLine("K", "a\r\nb")).toBe('K="a\\r\\nb"');
  });

  it("has no line for what no quoting holds, and puts it on the command line instead", () => {
    const every = `'"\`x`;
    expect(envFileLine("K", every)).toBeUndefined();
    expect(envFileLine("K", "ends in \\")).toBeUndefined();
    expect(envFileLine("K", 'has "quotes" and \\n an escape')).toBe(`K='has "quotes" and \\n an escape'`);
    const layout = layoutWorkerVars({ JUDGE_MODEL: every, JUDGE_PROVIDER: "heuristic", JUDGE_API_KEY: "", API_KEYS: undefined });
    expect(layout.varArgs).toEqual([`--var=JUDGE_MODEL:${every}`]);
    expect(layout.envFile).toBe("JUDGE_PROVIDER='heuristic'\n");
  });
});
