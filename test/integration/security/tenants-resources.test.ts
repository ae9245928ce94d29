import { describe, expect, it } from "vitest";
import type { Batch, BatchCreated } from "../../../src/schemas/batch.ts";
import type { Evaluation } from "../../../src/schemas/evaluation.ts";
import type { Judgment } from "../../../src/schemas/judgment.ts";
import type { RubricList, RubricView } from "../../../src/schemas/rubric.ts";
import { expectProblem } from "../../support/workers/assertions.ts";
import { bearer, call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { TENANT_KEYS } from "./tenant-keys.ts";

/**
 * Runs in the `workers-tenants` project: tenant `mallory` going after tenant `acme`'s custom rubrics,
 * batches and evaluations.
 */

const { acme, acmeTeammate, mallory } = TENANT_KEYS;
const get = (key: string, path: string) => call(path, { headers: bearer(key) });
const post = (key: string, path: string, body: unknown) => postJson(path, body, bearer(key));

function rubric(id: string, dimension: string) {
  return { id, description: `${dimension} rubric`, axioms: [{ id: "FIT", dimensions: [{ id: dimension, description: "the one thing asked" }] }] };
}

describe("tenants: rubrics, batches, evaluations", () => {
  it("key B cannot add a version of key A's custom rubric: B's registration is B's own rubric", async () => {
    const id = uniqueName("house-style").toLowerCase();
    expect(await json<RubricView>(await post(acme, "/v1/rubrics", rubric(id, "HOUSE_TONE")))).toMatchObject({ id, version: 1 });

    const hijack = await post(mallory, "/v1/rubrics", rubric(id, "ATTACKER_CHOICE"));
    expect(hijack.status).toBe(201);
    expect(await json<RubricView>(hijack)).toMatchObject({ id, version: 1 });

    const bare = await json<RubricView>(await get(acmeTeammate, `/v1/rubrics/${id}`));
    expect(bare).toMatchObject({ id, version: 1, description: "HOUSE_TONE rubric" });
    await expectProblem(await get(acme, `/v1/rubrics/${id}@2`), 404, "not_found");
    const judged = await json<Judgment>(await post(acme, "/v1/judgments", { content: `styled ${id}`, rubric: id }));
    expect(judged).toMatchObject({ rubric: { id, version: 1 }, status: "completed" });
    expect(Object.keys(judged.dimensions)).toEqual(["HOUSE_TONE"]);

    const attackersList = await json<RubricList>(await get(mallory, "/v1/rubrics"));
    expect(attackersList.items.filter((item) => item.id === id).map((item) => item.description)).toEqual(["ATTACKER_CHOICE rubric"]);
  });

  it("key B can neither read nor judge with a rubric only key A registered", async () => {
    const id = uniqueName("private-rubric").toLowerCase();
    expect((await post(acme, "/v1/rubrics", rubric(id, "SECRET_SAUCE"))).status).toBe(201);
    await expectProblem(await get(mallory, `/v1/rubrics/${id}`), 404, "not_found");
    await expectProblem(await get(mallory, `/v1/rubrics/${id}@1`), 404, "not_found");
    const used = await expectProblem(await post(mallory, "/v1/judgments", { content: "x", rubric: id }), 400, "invalid_request");
    expect(used.detail).toBe(`unknown rubric "${id}"`);
    expect((await json<RubricList>(await get(mallory, "/v1/rubrics"))).items.map((item) => item.id)).not.toContain(id);
  });

  it("key B cannot see, read the results of, stream, cancel or list key A's batch", async () => {
    const created = await json<BatchCreated>(await post(acme, "/v1/batches", { items: [{ content: `batched ${uniqueName("b")}` }] }));
    const path = `/v1/batches/${created.batch_id}`;
    await expectProblem(await get(mallory, path), 404, "not_found");
    await expectProblem(await get(mallory, `${path}/results`), 404, "not_found");
    await expectProblem(await call(`${path}/stream`, { headers: { upgrade: "websocket", ...bearer(mallory) } }), 404, "not_found");
    await expectProblem(await call(`${path}/cancel`, { method: "POST", headers: bearer(mallory) }), 404, "not_found");

    const listed = await json<{ items: Batch[] }>(await get(mallory, "/v1/batches?limit=100"));
    expect(listed.items.map((item) => item.batch_id)).not.toContain(created.batch_id);
    const teamList = await json<{ items: Batch[] }>(await get(acmeTeammate, "/v1/batches?limit=100"));
    expect(teamList.items.map((item) => item.batch_id)).toContain(created.batch_id);
    expect((await json<Batch>(await get(acmeTeammate, path))).status).not.toBe("cancelled");
  });

  it("key B cannot read key A's evaluation", async () => {
    const reply = await post(acme, "/v1/evaluations", { judge: "default", items: [{ content: `labelled ${uniqueName("ev")}`, label: 70 }] });
    expect(reply.status).toBe(202);
    const started = await json<Evaluation>(reply);
    await expectProblem(await get(mallory, `/v1/evaluations/${started.evaluation_id}`), 404, "not_found");
    expect((await get(acmeTeammate, `/v1/evaluations/${started.evaluation_id}`)).status).toBe(200);
  });
});
