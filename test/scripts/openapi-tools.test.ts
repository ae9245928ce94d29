import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateTypesAndTypecheck, lintOpenApi } from "../support/openapi-tools.ts";

/** The checks the served document is held to must be able to fail: each is shown failing here. */

const TRIPWIRE = fileURLToPath(new URL("../support/network-tripwire.ts", import.meta.url));

/** A small valid document with the faults the recommended ruleset reports. */
const FAULTY = JSON.stringify({
  openapi: "3.1.0",
  info: { title: "Faulty", version: "1.0.0" },
  security: [],
  paths: {
    "/things": {
      get: {
        summary: "Things",
        responses: { 301: { description: "Moved" } },
      },
    },
  },
});

describe("the OpenAPI tools", () => {
  it("the network tripwire records and refuses a connection", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tripwire-"));
    try {
      const log = join(dir, "attempts.log");
      const script = 'fetch("http://192.0.2.1/").then(() => console.log("reached"), (e) => console.log("refused:", e.cause?.message))';
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", TRIPWIRE, "--input-type=module", "-e", script], {
          env: { ...process.env, NETWORK_TRIPWIRE_LOG: log },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let text = "";
        child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
        child.once("error", reject);
        child.once("close", () => resolve(text));
      });
      expect(output).toContain("refused: network access refused");
      expect(await readFile(log, "utf8")).toBe("connect 192.0.2.1:80\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("redocly lint reports the missing servers, license, operationId, tag and responses", { timeout: 120_000 }, async () => {
    const report = await lintOpenApi(FAULTY);
    expect(report.networkAttempts).toEqual([]);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.exitCode).not.toBe(0);
    expect(new Set(report.problems.map((p) => p.ruleId))).toEqual(
      new Set([
        "no-empty-servers",
        "info-license",
        "operation-operationId",
        "operation-tag-defined",
        "rule/operation-2xx-response-except-websocket",
        "operation-4xx-response",
      ]),
    );
  });

  it("typed calls do not compile against a document without the API's operations", { timeout: 180_000 }, async () => {
    const report = await generateTypesAndTypecheck(FAULTY);
    expect(report.ok).toBe(false);
    expect(report.output).toMatch(/missing the following properties .*: createJudgment, getJudgment/);
  });
});
