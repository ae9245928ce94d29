import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WORKER_VARS } from "../../scripts/stack/wrangler-dev.ts";
import { WORKER_VAR_NAMES } from "../../src/config.ts";
import { REPO_ROOT } from "../support/source-imports.ts";

/** Variables of `npm start` itself (ports, data folder), listed in the same README table. */
const STACK_VARS = ["PORT", "LIBSQL_PORT", "DATA_DIR"];

/** Every upper-case name in backticks in the first column of README's configuration table. */
function readmeVars(): string[] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("| variable |"));
  const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
  return rows.flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!));
}

describe("configuration variables: one schema (src/config.ts), followed everywhere", () => {
  it("npm start passes every variable of the schema to the Worker", () => {
    expect([...WORKER_VARS].sort()).toEqual([...WORKER_VAR_NAMES].sort());
  });

  it("the README's table lists every variable of the schema, and only those and npm start's own", () => {
    const listed = readmeVars();
    expect(WORKER_VAR_NAMES.filter((name) => !listed.includes(name)), "missing from README's configuration table").toEqual([]);
    expect(listed.filter((name) => !WORKER_VAR_NAMES.includes(name as never) && !STACK_VARS.includes(name)), "in README but not in the schema").toEqual([]);
  });
});
