import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { requestLog } from "../../src/middleware/request-log.ts";
import { LOG_LEVELS, type RequestLogLine } from "../../src/observability/log.ts";
import { REPO_ROOT, sourceFiles } from "../support/source-imports.ts";

describe("the log catalogue (src/observability/log.ts)", () => {
  it("docs/runbook.md lists every event with its level", () => {
    const runbook = readFileSync(join(REPO_ROOT, "docs/runbook.md"), "utf8");
    const missing = Object.entries(LOG_LEVELS).filter(([event, level]) => !runbook.includes(`| \`${event}\` | ${level} |`));
    expect(missing).toEqual([]);
  });

  it("docs/runbook.md explains every field of the request line", async () => {
    const runbook = readFileSync(join(REPO_ROOT, "docs/runbook.md"), "utf8");
    const lines: RequestLogLine[] = [];
    const app = new Hono().use("*", requestLog({ sink: (line) => lines.push(line) })).get("/ping", (c) => c.text("pong"));
    await app.request("/ping");
    const fields = Object.keys(lines[0] ?? {}).filter((field) => field !== "event");
    expect(fields).toContain("tenant");
    const table = runbook.slice(runbook.indexOf("One `request` line per request"), runbook.indexOf("Every event, its level and its fields"));
    expect(fields.filter((field) => !table.includes(`\`${field}\``))).toEqual([]);
  });

  it("every JSON line of the Worker and its objects goes through log()", () => {
    const files = [...sourceFiles("src"), ...sourceFiles("durable-objects")].filter(
      (file) => file !== "src/observability/log.ts" && !file.startsWith("src/client/"),
    );
    const handWritten = files.filter((file) => /console\.\w+\(\s*JSON\.stringify/.test(readFileSync(join(REPO_ROOT, file), "utf8")));
    expect(handWritten).toEqual([]);
  });
});
