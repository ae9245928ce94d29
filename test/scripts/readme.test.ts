import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ACCEPTED_CALL } from "../../scripts/docs-examples/requests.ts";
import { ConfigError, describeConfigIssue, parseConfig } from "../../src/config.ts";
import { EXAMPLES } from "../../src/openapi/examples.ts";

/**
 * What the README shows is what the server does: the 202's headers are the recorded ones (which
 * docs-examples.test.ts checks against the Worker), and the bad-setting output is the launcher's own.
 */
const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");

describe("the README", () => {
  it("shows the 202 request and the Location and Link headers the server sends", () => {
    const body = /-H 'prefer: respond-async' \\\n\s+-d '([^']+)'/.exec(readme)?.[1];
    expect(JSON.parse(body!)).toEqual(JSON.parse(ACCEPTED_CALL.body!));
    expect(readme).toContain(`# Location: ${EXAMPLES.accepted.location}\n`);
    expect(readme).toContain(`# Link: ${EXAMPLES.accepted.link}\n`);
  });

  it("shows the message npm start gives for bad settings", () => {
    let issues: string[] = [];
    try {
      parseConfig({ JUDGE_TIMEOUT_MS: "abc", JUDGE_PROVIDER: "bogus" });
    } catch (error) {
      if (error instanceof ConfigError) issues = error.issues.map(describeConfigIssue);
    }
    expect(issues).toHaveLength(2);
    for (const line of issues) expect(readme).toContain(`\n  ${line}\n`);
  });
});
