import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../../scripts/stack/index.ts";
import { freePort } from "../../scripts/stack/ports.ts";

const execFileAsync = promisify(execFile);

/** Runs `npm run demo` non-interactively (stdout is a pipe) and waits for it to exit. */
async function demo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ["scripts/demo.ts", ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface DemoReport {
  api_url: string;
  provider: string;
  ok: boolean;
  samples: { name: string; cell_id: string; status: string; frames: Record<string, number>; dimensions: { done: number; total: number }; judgment_id?: string; verdict?: string; q_score?: number; confidence?: number; axioms?: Record<string, number>; usage?: { cost_usd: number }; error?: string }[];
}

let dataDir: string;
let stack: Stack;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "judgment-demo-"));
  stack = await startStack({ port: await freePort(), libsqlPort: await freePort(), dataDir, vars: {}, logLevel: "warn", stdio: "ignore" });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm run demo, against a running stack", { timeout: 90_000 }, () => {
  it("--json: judges the three samples, having followed every frame of each cell's stream", async () => {
    const { code, stdout } = await demo("--json", "--url", stack.apiUrl);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as DemoReport;
    expect(report).toMatchObject({ api_url: stack.apiUrl, provider: "heuristic", ok: true });
    expect(report.samples.map((sample) => sample.name)).toEqual(["code", "paragraph", "decision"]);
    for (const sample of report.samples) {
      expect(sample.status, sample.name).toBe("completed");
      expect(sample.frames, sample.name).toEqual({ snapshot: 1, "judgment.started": 1, "dimension.scored": 35, "judgment.completed": 1 });
      expect(sample.dimensions).toMatchObject({ done: 35, total: 35 });
      expect(sample.verdict).toMatch(/^(HOWL|WAG|GROWL|BARK)$/);
      expect(sample.confidence).toBeLessThanOrEqual(0.618);
      expect(Object.keys(sample.axioms ?? {})).toEqual(["PHI", "VERIFY", "CULTURE", "BURN", "FIDELITY"]);
      const stored = await fetch(`${stack.apiUrl}/v1/judgments/${sample.cell_id}`);
      expect(((await stored.json()) as { judgment_id: string }).judgment_id).toBe(sample.judgment_id);
    }
  });

  it("renders progress bars, the axiom table, Q-score, verdict, confidence and cost", async () => {
    const { code, stdout } = await demo("--url", stack.apiUrl);
    expect(code).toBe(0);
    expect(stdout).not.toContain("\x1b[");
    const progress = stdout.split("\n").filter((line) => / 35\/35 /.test(line));
    expect(progress.map((line) => line.trim().split(/\s+/)[0])).toEqual(["code", "paragraph", "decision"]);
    for (const line of progress) expect(line).toContain("█".repeat(28));
    for (const axiom of ["PHI", "VERIFY", "CULTURE", "BURN", "FIDELITY"]) expect(stdout.match(new RegExp(`^ +${axiom} +\\d+\\.\\d `, "gm"))).toHaveLength(3);
    expect(stdout.match(/Q-score \d+\.\d +verdict (HOWL|WAG|GROWL|BARK) +confidence 0\.\d{3} +cost \$0\.000000/g)).toHaveLength(3);
  });

  it("reports a refused judgment per sample and exits 1", async () => {
    const { code, stdout } = await demo("--json", "--url", stack.apiUrl, "--judge", "no-such-judge");
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as DemoReport;
    expect(report.ok).toBe(false);
    for (const sample of report.samples) {
      expect(sample.status).toBe("failed");
      expect(sample.error).toMatch(/^400 invalid_request: unknown judge profile/);
    }
  });

  it("says how to start the API when none answers, and rejects bad flags with usage", async () => {
    const down = await demo("--url", `http://127.0.0.1:${await freePort()}`);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the API at http:\/\/127\.0\.0\.1:\d+ .*npm start/);
    const bad = await demo("--timeout", "soon");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("usage: npm run demo");
  });
});

describe("npm run demo, against a stack that requires API keys", { timeout: 90_000 }, () => {
  const key = "demo-test-key";
  let secured: Stack;
  beforeAll(async () => {
    const digest = createHash("sha256").update(key).digest("hex");
    const options = { port: await freePort(), libsqlPort: await freePort(), dataDir: join(dataDir, "secured") };
    secured = await startStack({ ...options, vars: { API_KEYS: digest }, logLevel: "warn", stdio: "ignore" });
  }, 120_000);
  afterAll(() => secured?.stop());

  it("sends the key on requests and on the streams' upgrades", async () => {
    const { code, stdout } = await demo("--json", "--url", secured.apiUrl, "--api-key", key);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as DemoReport;
    expect(report.samples.map((sample) => [sample.status, sample.frames["dimension.scored"]])).toEqual([
      ["completed", 35],
      ["completed", 35],
      ["completed", 35],
    ]);
  });

  it("says a key is needed instead of failing each stream", async () => {
    const { code, stderr } = await demo("--url", secured.apiUrl);
    expect(code).toBe(1);
    expect(stderr).toContain("refused the request (401: send Authorization: Bearer <api key>); pass a valid key with --api-key");
  });
});

describe("the docs of the API the demo calls, under wrangler dev", () => {
  it("serves /docs and Swagger UI's files from the Worker's static assets", async () => {
    const page = await fetch(`${stack.apiUrl}/docs`);
    expect(page.status).toBe(200);
    const links = [...(await page.text()).matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(links).toHaveLength(3);
    for (const link of links) {
      const file = await fetch(`${stack.apiUrl}${link}`);
      expect(file.status, link).toBe(200);
      expect((await file.arrayBuffer()).byteLength, link).toBeGreaterThan(100);
    }
  });
});
