import { describe, expect, inject, it } from "vitest";
import { json, postJson } from "../../support/workers/http.ts";
import { TEST_KEYS } from "./keys.ts";

/**
 * Runs in the `workers-auth` project, which keeps the production default CALLBACK_ALLOW_PRIVATE=off:
 * a callback may not make the service call its own network.
 */
const bearer = { authorization: `Bearer ${TEST_KEYS.callbacks}` };

describe("a batch's callback_url", () => {
  it("is refused (400) when it points at loopback, private, link-local or metadata addresses", async () => {
    const refused = [
      inject("webhookUrl"),
      "http://169.254.169.254/latest/meta-data",
      "http://10.1.2.3/hook",
      "http://[::1]:8080/hook",
    ];
    // Within the key's write budget (TEST_LIMITS.writes per 60 s): four refusals.
    for (const url of refused) {
      const reply = await postJson("/v1/batches", { items: [{ content: "x" }], callback_url: url }, bearer);
      const problem = await json<{ code: string; errors: { path: string }[] }>(reply);
      expect({ url, status: reply.status, code: problem.code, path: problem.errors?.[0]?.path }).toEqual({ url, status: 400, code: "invalid_request", path: "callback_url" });
    }
  });
});
