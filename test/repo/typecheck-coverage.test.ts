import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, sourceFiles } from "../support/source-imports.ts";

type Project = { include: string[]; exclude?: string[] };

const project = (tsconfig: string): Project => JSON.parse(readFileSync(join(REPO_ROOT, tsconfig), "utf8")) as Project;
const under = (file: string, entries: readonly string[]) => entries.some((entry) => file === entry || file.startsWith(`${entry}/`));
const checks = (tsconfig: string) => {
  const { include, exclude = [] } = project(tsconfig);
  return (file: string) => under(file, include) && !under(file, exclude);
};

/** Read by both sides: the vitest `ProvidedContext` augmentation (global setup in Node, tests in workerd). */
const SHARED = ["test/support/provided-context.ts"];

// .wrangler/ holds wrangler dev's generated entry files while a stack runs (the demo and browser tests).
const repositoryFiles = () =>
  sourceFiles(".").filter((file) => !file.startsWith("node_modules/") && !file.includes("/node_modules/") && !file.startsWith(".data/") && !file.startsWith(".wrangler/"));

describe("npm run typecheck", () => {
  it("covers every .ts file of the repository (no scratch script outside every tsconfig)", () => {
    const covered = [...project("tsconfig.json").include, ...project("tsconfig.node.json").include];
    const unchecked = repositoryFiles().filter((file) => !under(file, covered));
    expect(unchecked).toEqual([]);
  });

  it("checks each test helper with one project: workers helpers in test/support/workers, Node helpers beside them", () => {
    const [workers, node] = [checks("tsconfig.json"), checks("tsconfig.node.json")];
    const helpers = repositoryFiles().filter((file) => file.startsWith("test/support/") && !SHARED.includes(file));
    expect(helpers.filter((file) => workers(file) && node(file))).toEqual([]);
    expect(helpers.filter((file) => file.startsWith("test/support/workers/") && !workers(file))).toEqual([]);
    expect(helpers.filter((file) => !file.startsWith("test/support/workers/") && !node(file))).toEqual([]);
  });
});
