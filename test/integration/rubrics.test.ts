import { describe, expect, it } from "vitest";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Problem } from "../../src/schemas/problem.ts";
import type { RubricList, RubricView } from "../../src/schemas/rubric.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";

function definition(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    description: "pull requests",
    axioms: [
      { id: "CORRECTNESS", description: "does it work", dimensions: [{ id: "TESTED", description: "covered by tests", weight: 1.618, threshold: 60 }] },
      { id: "CLARITY", dimensions: [{ id: "NAMING", description: "names say what things are" }, { id: "BREVITY", description: "no more than needed", weight: 0.618 }] },
    ],
    reality_weights: { CODE: { CORRECTNESS: 2 } },
    ...extra,
  };
}

const rubricId = () => uniqueName("rubric").toLowerCase();

describe("POST /v1/rubrics", () => {
  it("registers version 1, returns it again for an identical definition, and numbers a change 2", async () => {
    const id = rubricId();
    const first = await postJson("/v1/rubrics", definition(id));
    expect(first.status).toBe(201);
    expect(first.headers.get("location")).toBe(`/v1/rubrics/${id}@1`);
    expect(await json<RubricView>(first)).toMatchObject({ id, version: 1, built_in: false });

    const same = await postJson("/v1/rubrics", definition(id));
    expect(same.status).toBe(200);
    expect((await json<RubricView>(same)).version).toBe(1);

    const changed = await postJson("/v1/rubrics", definition(id, { description: "stricter" }));
    expect(changed.status).toBe(201);
    expect((await json<RubricView>(changed)).version).toBe(2);
  });

  it("gives concurrent registrations of different definitions distinct versions", async () => {
    const id = rubricId();
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) => postJson("/v1/rubrics", definition(id, { description: `variant ${i}` }))),
    );
    const versions = await Promise.all(replies.map(async (reply) => (await json<RubricView>(reply)).version));
    expect(replies.map((reply) => reply.status)).toEqual([201, 201, 201, 201, 201]);
    expect(versions.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    ["a duplicate id", definition("x", { axioms: [{ id: "A", dimensions: [{ id: "A", description: "d" }] }] }), "axioms.0.dimensions.0.id"],
    ["a lower-case dimension id", definition("x", { axioms: [{ id: "A", dimensions: [{ id: "low", description: "d" }] }] }), "axioms.0.dimensions.0.id"],
    ["a zero weight", definition("x", { axioms: [{ id: "A", dimensions: [{ id: "B", description: "d", weight: 0 }] }] }), "axioms.0.dimensions.0.weight"],
    ["13 axioms", definition("x", { axioms: Array.from({ length: 13 }, (_, i) => ({ id: `A${i}`, dimensions: [{ id: `D${i}`, description: "d" }] })) }), "axioms"],
    ["65 dimensions", definition("x", { axioms: [{ id: "A", dimensions: Array.from({ length: 65 }, (_, i) => ({ id: `D${i}`, description: "d" })) }] }), "axioms"],
    ["an axiom with no dimension", definition("x", { axioms: [{ id: "A", dimensions: [] }] }), "axioms.0.dimensions"],
    ["reality weights for an unknown axiom", definition("x", { reality_weights: { CODE: { NOPE: 2 } } }), "reality_weights.CODE.NOPE"],
    ["verdict bands out of order", definition("x", { verdicts: { HOWL: 50, WAG: 80, GROWL: 10 } }), "verdicts"],
    ["the reserved meta dimension", definition("x", { axioms: [{ id: "A", dimensions: [{ id: "THE_UNNAMEABLE", description: "d" }] }] }), "axioms.0.dimensions.0.id"],
    ["an unknown field", definition("x", { colour: "blue" }), ""],
  ])("refuses %s with 400 and a field path", async (_, body, path) => {
    const reply = await postJson("/v1/rubrics", body);
    expect(reply.status).toBe(400);
    const problem = await json<Problem>(reply);
    expect(problem.code).toBe("invalid_request");
    if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
    expect((await call("/v1/rubrics/x")).status).toBe(404);
  });

  it("refuses to replace the built-in rubric", async () => {
    const reply = await postJson("/v1/rubrics", definition("cynic-36"));
    expect(reply.status).toBe(400);
    expect((await json<Problem>(reply)).errors?.[0]?.path).toBe("id");
  });
});

describe("GET /v1/rubrics", () => {
  it("lists the built-in rubric and the latest version of each custom one", async () => {
    const id = rubricId();
    await (await postJson("/v1/rubrics", definition(id))).arrayBuffer();
    await (await postJson("/v1/rubrics", definition(id, { description: "v2" }))).arrayBuffer();
    const { items } = await json<RubricList>(await call("/v1/rubrics"));
    expect(items).toContainEqual(expect.objectContaining({ id: "cynic-36", version: 1, built_in: true, dimensions: 35 }));
    expect(items.filter((item) => item.id === id)).toEqual([expect.objectContaining({ version: 2, dimensions: 3 })]);
  });

  it("reads one rubric by id or id@version, and 404s an unknown one", async () => {
    const id = rubricId();
    await (await postJson("/v1/rubrics", definition(id))).arrayBuffer();
    await (await postJson("/v1/rubrics", definition(id, { description: "v2" }))).arrayBuffer();
    expect((await json<RubricView>(await call(`/v1/rubrics/${id}`))).version).toBe(2);
    expect((await json<RubricView>(await call(`/v1/rubrics/${id}@1`))).version).toBe(1);
    expect((await call(`/v1/rubrics/${id}@3`)).status).toBe(404);
    const builtIn = await json<RubricView>(await call("/v1/rubrics/cynic-36"));
    expect(builtIn.axioms.map((axiom) => axiom.id)).toEqual(["PHI", "VERIFY", "CULTURE", "BURN", "FIDELITY"]);
    expect((await call("/v1/rubrics/NOT_VALID!")).status).toBe(400);
  });
});

describe("judging with a custom rubric", () => {
  it("scores exactly its dimensions, and honours a pinned version", async () => {
    const id = rubricId();
    await (await postJson("/v1/rubrics", definition(id))).arrayBuffer();
    await (await postJson("/v1/rubrics", definition(id, { axioms: [{ id: "ONLY", dimensions: [{ id: "ONE", description: "d" }] }], reality_weights: {} }))).arrayBuffer();
    const latest = await json<Judgment>(
      await postJson("/v1/judgments", { content: "const x = 1", rubric: id }),
    );
    expect(latest.rubric.version).toBe(2);
    expect(Object.keys(latest.dimensions)).toEqual(["ONE"]);
    const pinned = await json<Judgment>(
      await postJson("/v1/judgments", { content: "const x = 1", rubric: `${id}@1`, reality: "CODE" }),
    );
    expect(pinned.rubric.version).toBe(1);
    expect(Object.keys(pinned.dimensions).sort()).toEqual(["BREVITY", "NAMING", "TESTED"]);
    expect(Object.keys(pinned.axioms).sort()).toEqual(["CLARITY", "CORRECTNESS"]);
  });

  it("refuses an unknown rubric or version with 400", async () => {
    const unknown = await postJson("/v1/judgments", { content: "x", rubric: rubricId() });
    expect(unknown.status).toBe(400);
    expect((await json<Problem>(unknown)).errors?.[0]?.path).toBe("rubric");
    const version = await postJson("/v1/judgments", { content: "x", rubric: "cynic-36@2" });
    expect(version.status).toBe(400);
    await version.arrayBuffer();
  });
});
