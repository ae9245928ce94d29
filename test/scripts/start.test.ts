import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/stack/ports.ts";
import { startStack } from "../../scripts/stack/index.ts";

/** The real `npm start` path: libSQL server, migrations and `wrangler dev`, on free ports. */
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "judgment-start-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function judge(apiUrl: string, content: string) {
  const response = await fetch(`${apiUrl}/v1/judgments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ content }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("the local stack", { timeout: 120_000 }, () => {
  it("judges, and keeps every cell across a restart", async () => {
    const options = { port: await freePort(), libsqlPort: await freePort(), dataDir, vars: {}, logLevel: "warn" as const, stdio: "ignore" as const };
    let stack = await startStack(options);
    let first;
    try {
      first = await judge(stack.apiUrl, "function add(a, b) { return a + b }");
      expect(first.status).toBe(200);
      expect(first.body.status).toBe("completed");
      expect(Object.keys(first.body.dimensions)).toHaveLength(35);
    } finally {
      await stack.stop();
    }
    stack = await startStack(options);
    try {
      const again = await judge(stack.apiUrl, "function add(a, b) { return a + b }");
      expect(again.body.judgment_id).toBe(first.body.judgment_id);
      expect(again.body.cached).toBe(true);
    } finally {
      await stack.stop();
    }
  });

  it("refuses a taken port with a clear message", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const taken = (holder.address() as { port: number }).port;
    try {
      await expect(startStack({ port: taken, libsqlPort: await freePort(), dataDir, vars: {} })).rejects.toThrow(
        new RegExp(`API port \\(PORT\\) 127.0.0.1:${taken} is already in use`),
      );
    } finally {
      holder.close();
    }
  });

  it("npm start prints its URLs and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["scripts/start.ts"], {
      env: { ...process.env, PORT: String(port), LIBSQL_PORT: String(await freePort()), DATA_DIR: join(dataDir, "cli"), WRANGLER_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ctrl-C stops everything")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`npm start exited early (${code}): ${output}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await ready;
      expect(output).toContain(`http://127.0.0.1:${port}`);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
