import { describe, expect, it } from "vitest";
import { call, uniqueName } from "../../support/workers/http.ts";
import { TEST_KEYS } from "./keys.ts";

/** Browsers cannot set Authorization on a WebSocket: they offer the key as a subprotocol instead. */
function openStream(protocols: string) {
  return call(`/v1/cells/${uniqueName("browser")}/stream`, { headers: { upgrade: "websocket", "sec-websocket-protocol": protocols } });
}

describe("a stream opened from a browser with API keys configured", () => {
  it("accepts the key as the subprotocol bearer.<key> and selects judgment.v1", async () => {
    const reply = await openStream(`judgment.v1, bearer.${TEST_KEYS.browserStream}`);
    expect(reply.status).toBe(101);
    expect(reply.headers.get("sec-websocket-protocol")).toBe("judgment.v1");
    const socket = reply.webSocket!;
    socket.accept();
    const first = await new Promise<Record<string, unknown>>((resolve) => socket.addEventListener("message", (event) => resolve(JSON.parse(String(event.data)))));
    socket.close(1000, "done");
    expect(first).toMatchObject({ type: "snapshot", status: "none" });
  });

  it.each([
    ["a wrong key", "judgment.v1, bearer.not-a-key"],
    ["no key", "judgment.v1"],
    ["a key outside the bearer. form", `judgment.v1, ${TEST_KEYS.browserStream}`],
  ])("refuses %s with 401", async (_, protocols) => {
    const reply = await openStream(protocols);
    expect(reply.status).toBe(401);
    const body = await reply.text();
    expect(body).not.toContain(TEST_KEYS.browserStream);
  });
});
