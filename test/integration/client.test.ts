import { exports } from "cloudflare:workers";
import { describe, expect, expectTypeOf, it } from "vitest";
import { ApiProblemError, createApiClient, streamUrl, unwrap, watchCell, type Judgment, type StreamFrame } from "../../src/client/index.ts";
import { uniqueName } from "../support/workers/http.ts";

/** The typed client, calling the Worker's real fetch handler as a client on the network would. */
const api = createApiClient("http://api.test", { fetch: (input, init) => exports.default.fetch(new Request(input, init)) });

/** Opens a stream through the Worker, as a Worker calling the API would (fetch upgrade, then accept). */
async function connectThroughWorker(url: string): Promise<WebSocket> {
  const reply = await exports.default.fetch(new Request(url.replace(/^ws/, "http"), { headers: { upgrade: "websocket" } }));
  if (reply.status !== 101 || !reply.webSocket) throw new Error(`expected 101 with a WebSocket, got ${reply.status}`);
  reply.webSocket.accept();
  return reply.webSocket;
}

describe("the typed client", () => {
  it("round-trips a judgment: submit, read back, cached on a second submit", async () => {
    const cellId = uniqueName("client");
    const submitted = await unwrap(await api.v1.judgments.$post({ json: { cell_id: cellId, content: "const sum = (a, b) => a + b;", reality: "CODE" } }));
    expectTypeOf(submitted).toEqualTypeOf<Judgment>();
    expect(submitted).toMatchObject({ cell_id: cellId, status: "completed", cached: false, reality: "CODE" });
    expect(submitted.verdict).toMatch(/^(HOWL|WAG|GROWL|BARK)$/);

    const read = await unwrap(await api.v1.judgments[":cell_id"].$get({ param: { cell_id: cellId } }));
    expect(read.judgment_id).toBe(submitted.judgment_id);

    const again = await unwrap(await api.v1.judgments.$post({ json: { cell_id: cellId, content: "const sum = (a, b) => a + b;", reality: "CODE" } }));
    expect(again).toMatchObject({ judgment_id: submitted.judgment_id, cached: true });
  });

  it("reads rubrics and health with their types", async () => {
    const rubric = await unwrap(await api.v1.rubrics[":ref"].$get({ param: { ref: "cynic-36" } }));
    expect(rubric).toMatchObject({ id: "cynic-36", built_in: true });
    expect(rubric.axioms.flatMap((axiom) => axiom.dimensions)).toHaveLength(35);
    const health = await unwrap(await api.v1.health.$get());
    expectTypeOf(health.status).toEqualTypeOf<"ok" | "degraded">();
    expect(health.provider).toBe("heuristic");
  });

  it("turns an error reply into an ApiProblemError carrying the problem", async () => {
    const reply = await api.v1.judgments[":cell_id"].$get({ param: { cell_id: uniqueName("absent") } });
    const error = await unwrap(reply).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiProblemError);
    expect((error as ApiProblemError).status).toBe(404);
    expect((error as ApiProblemError).problem).toMatchObject({ code: "not_found", type: "/problems/not_found" });
  });

  it("watches a cell's stream from the snapshot to the completed judgment", async () => {
    const cellId = uniqueName("watch");
    const url = streamUrl(api, cellId);
    expect(url).toBe(`ws://api.test/v1/cells/${cellId}/stream`);
    const frames: StreamFrame[] = [];
    const watch = await watchCell(url, { connect: connectThroughWorker, onFrame: (frame) => frames.push(frame) });
    try {
      expect(watch.snapshot).toMatchObject({ type: "snapshot", status: "none", done: 0 });
      const submitted = await unwrap(await api.v1.judgments.$post({ json: { cell_id: cellId, content: "ship it on friday" } }));
      const outcome = await watch.outcome;
      expect(outcome.status).toBe("completed");
      expect(outcome.status === "completed" && outcome.judgment.judgment_id).toBe(submitted.judgment_id);
      expect(frames.filter((frame) => frame.type === "dimension.scored")).toHaveLength(35);
    } finally {
      watch.close();
    }
  });
});
