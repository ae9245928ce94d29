import { describe, expect, it } from "vitest";
import { json, postJson, uniqueName } from "../support/workers/http.ts";
import { subscribe } from "../support/workers/socket.ts";

describe("a synchronous request that outlasts JUDGE_WAIT_MS (1.5 s here)", () => {
  it("is answered 202 with Location and the stream link, and the judgment completes anyway", async () => {
    const cellId = uniqueName("wait");
    const stream = await subscribe(cellId);
    try {
      const reply = await postJson("/v1/judgments", { cell_id: cellId, content: "a slow model", judge: "crawl" });
      expect(reply.status).toBe(202);
      expect(reply.headers.get("location")).toBe(`/v1/judgments/${cellId}`);
      expect(reply.headers.get("link")).toBe(`</v1/cells/${cellId}/stream>; rel="monitor"`);
      expect(await json(reply)).toMatchObject({ cell_id: cellId, status: "scoring", q_score: null });
      const frames = await stream.until((frame) => frame.type === "judgment.completed");
      expect(frames.at(-1)).toMatchObject({ judgment: { status: "completed", cell_id: cellId } });
    } finally {
      stream.close();
    }
  });
});
