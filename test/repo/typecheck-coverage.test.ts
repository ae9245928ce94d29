import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, sourceFiles } from "../support/source-imports.ts";

const includes = (tsconfig: string): string[] => (JSON.parse(readFileSync(join(REPO_ROOT, tsconfig), "utf8")) as { include: string[] }).include;

describe("npm run typecheck", () => {
  it("covers every .ts file of the repository (no scratch script outside every tsconfig)", () => {
    const covered = [...includes("tsconfig.json"), ...includes("tsconfig.node.json")];
    const topLevel = sourceFiles(".").filter((file) => !file.startsWith("node_modules/") && !file.includes("/node_modules/") && !file.startsWith(".data/"));
    const unchecked = topLevel.filter((file) => !covered.some((entry) => file === entry || file.startsWith(`${entry}/`)));
    expect(unchecked).toEqual([]);
  });
});
