import { spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer } from "../../scripts/fake-model/server.ts";
import { assertPortFree, freePort } from "../../scripts/stack/ports.ts";
import { processTree, stillAlive } from "../support/processes.ts";
import { startStack } from "../../scripts/stack/index.ts";

/** The real `npm start` path: libSQL server, migrations and `wrangler dev`, on free ports. */
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "judgment-start-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function judge(apiUrl: string, content: string, profile?: string) {
  const response = await fetch(`${apiUrl}/v1/judgments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ content, ...(profile ? { judge: profile } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("the local stack", { timeout: 300_000 }, () => {
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

  it("npm start passes settings byte for byte, prints its URLs, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    // Quotes of every kind, `=`, `#`, `$` (which dotenv-expand would substitute), a backslash and line
    // breaks: JUDGE_PROFILES goes through the env file, JUDGE_MODEL (all three quotes) through --var.
    const fastModel = 'fast "q" a=b #c $HOME ${PATH} \\$x `t`';
    const defaultModel = "it's \"all\" `three`\n= # $HOME \\";
    // A model provider, so that the model names are the profiles' own (the heuristic judge has one name).
    const model = await startFakeModelServer();
    const profiles = `{"fast":\n  {"provider": "openai", "base_url": "${model.url}/v1", "model": ${JSON.stringify(fastModel)}},\n "plain": {}}`;
    const child = spawn(process.execPath, ["scripts/start.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        LIBSQL_PORT: String(await freePort()),
        DATA_DIR: join(dataDir, "cli"),
        WRANGLER_LOG_LEVEL: "warn",
        JUDGE_PROFILES: profiles,
        JUDGE_PROVIDER: "openai",
        JUDGE_BASE_URL: `${model.url}/v1`,
        JUDGE_MODEL: defaultModel,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ctrl-C stops everything")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`npm start exited early (${code}): ${output}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let stack: ReturnType<typeof processTree> = [];
    try {
      await ready;
      stack = processTree(child.pid!);
      expect(output).toContain(`http://127.0.0.1:${port}`);
      expect(output).toContain("auth         off: AUTH=off");
      expect(output).toContain("fired by npm start itself");
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
      const fast = await judge(`http://127.0.0.1:${port}`, "settings: fast profile", "fast");
      expect(fast.status).toBe(200);
      expect(fast.body.judge).toMatchObject({ profile: "fast", provider: "openai", model: fastModel });
      const byDefault = await judge(`http://127.0.0.1:${port}`, "settings: default profile");
      expect(byDefault.body.judge).toMatchObject({ profile: "default", provider: "openai", model: defaultModel });
      // And on the wire, as the model server received them.
      expect(new Set(model.calls.map((call) => call.model))).toEqual(new Set([fastModel, defaultModel]));
    } finally {
      child.kill("SIGTERM");
    }
    await model.close();
    expect(await exited).toBe(0);
    expect(stillAlive(stack).map((entry) => entry.command)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it("npm start refuses bad settings before starting anything, naming each with its value", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["scripts/start.ts"], {
      env: { ...process.env, PORT: String(port), DATA_DIR: join(dataDir, "refused"), JUDGE_TIMEOUT_MS: "abc", JUDGE_PROVIDER: "bogus", JUDGE_API_KEY: "sk-secret" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("invalid configuration, nothing started");
    expect(stderr).toContain('JUDGE_TIMEOUT_MS="abc": expected an integer from 100 to 600000');
    expect(stderr).toContain('JUDGE_PROVIDER="bogus": expected one of heuristic, ollama, openai');
    expect(stderr).not.toContain("sk-secret");
    await assertPortFree(port);
    await expect(stat(join(dataDir, "refused"))).rejects.toThrow();
  });
});
