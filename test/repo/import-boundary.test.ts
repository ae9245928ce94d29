import { describe, expect, it } from "vitest";
import { importSpecifiers, relativeImports, sourceFiles } from "../support/source-imports.ts";

/**
 * Imports run one way (docs/architecture.md): the Durable Objects build on src/, and src/ reaches them
 * only through their stubs and RPC contracts in src/objects/. The one exception is src/index.ts, which
 * exports the classes for the runtime.
 */
describe("import boundary", () => {
  it("finds static, type-only, re-exported and dynamic imports", () => {
    const source = `import a from "./a.ts";\nimport type { B } from "../b.ts";\nexport { C } from "./c.ts";\nimport "./d.ts";\nconst e = await import("./e.ts");`;
    expect(importSpecifiers(source)).toEqual(["./a.ts", "../b.ts", "./c.ts", "./d.ts", "./e.ts"]);
  });

  it("nothing in src/ but src/index.ts imports durable-objects/", () => {
    const files = sourceFiles("src");
    expect(files).toContain("src/index.ts");
    const violations = files
      .filter((file) => file !== "src/index.ts")
      .flatMap((file) => relativeImports(file).filter((target) => target.startsWith("durable-objects/")).map((target) => `${file} → ${target}`));
    expect(violations, "src/ reaches a Durable Object through src/objects/, never by importing it").toEqual([]);
  });

  it("src/index.ts imports from durable-objects/ only the object classes it exports", () => {
    expect(relativeImports("src/index.ts").filter((target) => target.startsWith("durable-objects/")).sort()).toEqual([
      "durable-objects/batch/batch.ts",
      "durable-objects/cell/cell.ts",
      "durable-objects/comparison/comparison-cell.ts",
      "durable-objects/evaluation/evaluation-run.ts",
      "durable-objects/gate/provider-gate.ts",
      "durable-objects/ledger/outbox-ledger.ts",
      "durable-objects/quota/quota.ts",
    ]);
  });

  it("each object's folder imports only itself and src/: objects talk to each other over RPC", () => {
    const files = sourceFiles("durable-objects");
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((file) => {
      const folder = file.split("/").slice(0, 2).join("/");
      return relativeImports(file)
        .filter((target) => !target.startsWith(`${folder}/`) && !target.startsWith("src/"))
        .map((target) => `${file} → ${target}`);
    });
    expect(violations).toEqual([]);
  });

  it("no object imports src/errors.ts: objects return domain outcomes, src/cells/outcome-problem.ts makes them HTTP", () => {
    const violations = sourceFiles("durable-objects").filter((file) => relativeImports(file).includes("src/errors.ts"));
    expect(violations).toEqual([]);
  });
});
