import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cellStub } from "../../../src/objects/cell.ts";
import type { Comparison } from "../../../src/schemas/comparison.ts";
import type { Judgment, JudgmentPage } from "../../../src/schemas/judgment.ts";
import { expectProblem, requestLogLines } from "../../support/workers/assertions.ts";
import { bearer, call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { subscribe } from "../../support/workers/socket.ts";
import { TENANT_KEYS } from "./tenant-keys.ts";

/**
 * Runs in the `workers-tenants` project. Each attack is the request another tenant's key sends; the
 * victim is tenant `acme` (two keys), the attacker `mallory` (a key listed without a tenant name).
 */

const { acme, acmeTeammate, mallory } = TENANT_KEYS;
const get = (key: string, path: string) => call(path, { headers: bearer(key) });
const post = (key: string, path: string, body: unknown) => postJson(path, body, bearer(key));

/** The snapshot frame of a cell's stream as `key` sees it. */
async function streamSnapshot(key: string, cellId: string): Promise<Record<string, unknown>> {
  const stream = await subscribe(cellId, undefined, bearer(key));
  try {
    const [snapshot] = await stream.until((frame) => frame.type === "snapshot");
    return snapshot!;
  } finally {
    stream.close();
  }
}

describe("tenants: cells", () => {
  it("key B cannot read, list or stream key A's judgment, by explicit or derived id; A's teammate can", async () => {
    const cellId = uniqueName("acme-order");
    const explicit = await json<Judgment>(await post(acme, "/v1/judgments", { content: `confidential ${cellId}`, cell_id: cellId }));
    const derived = await json<Judgment>(await post(acme, "/v1/judgments", { content: `derived ${cellId}` }));
    expect([explicit.status, derived.status]).toEqual(["completed", "completed"]);
    for (const id of [cellId, derived.cell_id]) expect(await cellStub(env, "acme", id).resync()).toBe(0);

    for (const id of [cellId, derived.cell_id]) {
      await expectProblem(await get(mallory, `/v1/judgments/${id}`), 404, "not_found");
      expect(await streamSnapshot(mallory, id)).toMatchObject({ type: "snapshot", status: "none", total: 0 });
    }
    const listed = await json<JudgmentPage>(await get(mallory, "/v1/judgments?limit=100"));
    expect(listed.items.map((item) => item.cell_id)).not.toContain(cellId);
    expect(listed.items.map((item) => item.cell_id)).not.toContain(derived.cell_id);

    expect(await json<Judgment>(await get(acmeTeammate, `/v1/judgments/${cellId}`))).toMatchObject({ judgment_id: explicit.judgment_id });
    const teamList = await json<JudgmentPage>(await get(acmeTeammate, "/v1/judgments?limit=100"));
    expect(teamList.items.map((item) => item.cell_id)).toEqual(expect.arrayContaining([cellId, derived.cell_id]));
  });

  it("key B asking for the same content gets a judgment of its own: A's cache says nothing of what A judged", async () => {
    const content = `shared ${uniqueName("cache")}`;
    const victims = await json<Judgment>(await post(acme, "/v1/judgments", { content }));
    const attackers = await json<Judgment>(await post(mallory, "/v1/judgments", { content }));
    expect(attackers).toMatchObject({ cell_id: victims.cell_id, content_digest: victims.content_digest, cached: false });
    expect(attackers.judgment_id).not.toBe(victims.judgment_id);
    expect(await json<Judgment>(await post(acmeTeammate, "/v1/judgments", { content }))).toMatchObject({ judgment_id: victims.judgment_id, cached: true });
  });

  it("the Worker's cache of completed judgments answers only the tenant whose cell it is", async () => {
    const cellId = uniqueName("acme-held");
    const body = { content: `held ${cellId}`, cell_id: cellId };
    const victims = await json<Judgment>(await post(acme, "/v1/judgments", body));
    const derived = await json<Judgment>(await post(acme, "/v1/judgments", { content: body.content }));
    for (const id of [cellId, derived.cell_id]) {
      await (await get(acme, `/v1/judgments/${id}`)).text();
      // Held now: A's teammate is answered from the isolate's cache (Server-Timing says so).
      const held = await get(acmeTeammate, `/v1/judgments/${id}`);
      expect(held.headers.get("server-timing")).toMatch(/(^|, )cache;/);
      await held.body?.cancel();
      await expectProblem(await get(mallory, `/v1/judgments/${id}`), 404, "not_found");
    }
    for (const request of [body, { content: body.content }]) {
      const attackers = await json<Judgment>(await post(mallory, "/v1/judgments", request));
      expect(attackers).toMatchObject({ status: "completed", cached: false });
      expect([victims.judgment_id, derived.judgment_id]).not.toContain(attackers.judgment_id);
    }
  });

  it("nobody re-judges A's failed cell with other content: B gets a cell of its own, A's teammate a 409", async () => {
    const cellId = uniqueName("acme-failing");
    const failedReply = await post(acme, "/v1/judgments", { content: "the original", cell_id: cellId, judge: "garbage" });
    const failed = (await json<{ judgment: Judgment }>(failedReply)).judgment;
    expect(failed).toMatchObject({ cell_id: cellId, status: "failed" });
    expect(failed.content_digest).toMatch(/^[0-9a-f]{64}$/);

    const forged = await post(mallory, "/v1/judgments", { content: "the forgery", cell_id: cellId });
    expect(forged.status).toBe(200);
    expect((await json<Judgment>(forged)).content_digest).not.toBe(failed.content_digest);
    await expectProblem(await post(acmeTeammate, "/v1/judgments", { content: "the forgery", cell_id: cellId }), 409, "cell_conflict");

    const still = await json<Judgment>(await get(acme, `/v1/judgments/${cellId}`));
    expect(still).toMatchObject({ status: "failed", judgment_id: failed.judgment_id, content_digest: failed.content_digest });
  });

  it("nobody re-asks A's failed comparison with another pair: A's teammate gets a 409", async () => {
    const comparisonId = uniqueName("acme-failing-pair");
    const failedReply = await post(acme, "/v1/comparisons", { a: "first", b: "second", comparison_id: comparisonId, judge: "garbage" });
    const failed = (await json<{ comparison: Comparison }>(failedReply)).comparison;
    expect(failed).toMatchObject({ comparison_id: comparisonId, status: "failed", content_digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await expectProblem(await post(acmeTeammate, "/v1/comparisons", { a: "first", b: "forged", comparison_id: comparisonId }), 409, "cell_conflict");
    expect(await json<Comparison>(await get(acme, `/v1/comparisons/${comparisonId}`))).toMatchObject({ status: "failed", content_digest: failed.content_digest });
  });

  it("refuses explicit ids in the derived ids' space (c_, cmp_) with 400: a predicted id cannot be squatted", async () => {
    const content = `to be judged ${uniqueName("squat")}`;
    // The attacker learns the derived id the victim's request will have (ids do not depend on the tenant).
    const predicted = (await json<Judgment>(await post(mallory, "/v1/judgments", { content }))).cell_id;
    const predictedPair = (await json<Comparison>(await post(mallory, "/v1/comparisons", { a: content, b: "other" }))).comparison_id;
    expect([predicted, predictedPair]).toEqual([expect.stringMatching(/^c_/), expect.stringMatching(/^cmp_/)]);
    const squats: [string, unknown][] = [
      ["/v1/judgments", { content: "squatter", cell_id: predicted }],
      ["/v1/judgments", { content: "squatter", cell_id: predictedPair }],
      ["/v1/comparisons", { a: "squatter", b: "other", comparison_id: predictedPair }],
      ["/v1/comparisons", { a: "squatter", b: "other", comparison_id: predicted }],
      ["/v1/batches", { items: [{ content: "squatter", cell_id: predicted }] }],
    ];
    for (const [path, body] of squats) {
      for (const key of [mallory, acme]) {
        const problem = await expectProblem(await post(key, path, body), 400, "invalid_request");
        expect(JSON.stringify(problem.errors)).toContain("reserved for ids derived from the request");
      }
    }
    expect(await json<Judgment>(await post(acme, "/v1/judgments", { content }))).toMatchObject({ cell_id: predicted, status: "completed", cached: false });
    expect(await json<Comparison>(await post(acme, "/v1/comparisons", { a: content, b: "other" }))).toMatchObject({ comparison_id: predictedPair, status: "completed" });
  });

  it("key B cannot read key A's comparison", async () => {
    const comparisonId = uniqueName("acme-pair");
    const made = await post(acme, "/v1/comparisons", { a: "Use a map.", b: "Loop each time.", comparison_id: comparisonId });
    expect(made.status).toBe(200);
    await expectProblem(await get(mallory, `/v1/comparisons/${comparisonId}`), 404, "not_found");
    expect((await get(acmeTeammate, `/v1/comparisons/${comparisonId}`)).status).toBe(200);
  });

  it("each request's log line names the tenant of its key, never the key", async () => {
    const cellId = uniqueName("acme-logged");
    const lines = await requestLogLines(async () => {
      await (await call(`/v1/judgments/${cellId}`, { headers: { ...bearer(acmeTeammate), "x-request-id": `teammate-${cellId}` } })).arrayBuffer();
      await (await call(`/v1/judgments/${cellId}`, { headers: { ...bearer(mallory), "x-request-id": `mallory-${cellId}` } })).arrayBuffer();
    });
    expect(lines.find((line) => line.request_id === `teammate-${cellId}`)).toMatchObject({ tenant: "acme", status: 404 });
    expect(lines.find((line) => line.request_id === `mallory-${cellId}`)?.tenant).toMatch(/^k_[0-9a-f]{16}$/);
    expect(JSON.stringify(lines)).not.toContain(acmeTeammate);
    expect(JSON.stringify(lines)).not.toContain(mallory);
  });
});
