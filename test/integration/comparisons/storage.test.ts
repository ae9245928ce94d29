import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { comparisonStub } from "../../../src/objects/comparison.ts";
import { call, postJson, uniqueName } from "../../support/workers/http.ts";

/** The object's own tables (the runtime keeps its `_cf_` ones beside them). */
const tablesOf = (id: string) =>
  runInDurableObject(comparisonStub(env, id), (_, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .toArray()
      .map((row) => row.name)
      .filter((name) => !name.startsWith("_cf_")),
  );

describe("a comparison's SQLite", () => {
  it("a comparison stored before panels (no juror tables) is read as before, and can hold jurors again", async () => {
    const id = uniqueName("cmp-old");
    const reply = await postJson("/v1/comparisons", { comparison_id: id, a: "one", b: "two" });
    expect(reply.status).toBe(200);
    await reply.arrayBuffer();
    const before = await (await call(`/v1/comparisons/${id}`)).text();
    // What a build before panel comparisons left: its three tables only.
    await runInDurableObject(comparisonStub(env, id), (_, state) => state.storage.sql.exec("DROP TABLE juror; DROP TABLE juror_answer"));
    expect(await tablesOf(id)).toEqual(["answer", "comparison", "counter"]);
    // A new instance opens the stored comparison, as after a deploy.
    await evictDurableObject(comparisonStub(env, id));
    const read = await call(`/v1/comparisons/${id}`);
    expect(read.status).toBe(200);
    expect(await read.text()).toBe(before);
    expect(await tablesOf(id)).toEqual(["answer", "comparison", "counter", "juror", "juror_answer"]);
  });
});
