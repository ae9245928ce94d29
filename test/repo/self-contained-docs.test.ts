import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, sourceFiles } from "../support/source-imports.ts";

/** Pointers to files outside the repository or to an issue tracker, which readers of the repo cannot follow. */
const OUTSIDE = [/toolchain\.md/, /\.\.\/shared\//, /\bSPEC\b/, /\bissue #\d+/i];

describe("the repository explains itself", () => {
  it("no source, test or doc points at a file outside the repository or at an issue number", () => {
    const files = [
      ...["src", "durable-objects", "scripts", "test", "docs"].flatMap((folder) => sourceFiles(folder, [".ts", ".md"])),
      "README.md",
      "wrangler.toml",
      "vitest.config.ts",
    ].filter((file) => file !== "test/repo/self-contained-docs.test.ts");
    const hits = files.flatMap((file) =>
      readFileSync(join(REPO_ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, index) => (OUTSIDE.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
