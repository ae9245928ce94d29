import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultsDocument } from "../../scripts/bench/results-file.ts";

/**
 * The bench end to end, as small as it goes: its own stack, one second of new cells at 20/s and a
 * stampede of 50. Figures are not checked (tests never assert speed); the shape, exactly-once and the
 * files are.
 */
let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "bench-smoke-"));
});
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe("npm run bench", { timeout: 120_000 }, () => {
  it("runs the asked scenarios on its own stack, prints the table and writes the JSON and the chart", async () => {
    const out = join(outDir, "smoke.json");
    const args = ["scripts/bench.ts", "--duration", "1", "--rate", "20", "--only", "new-cells,stampede", "--stampede", "50", "--out", out];
    const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 110_000 });
    expect(stdout).toContain("| scenario | requests | errors | achieved_rps | p50_ms | p95_ms | p99_ms | max_ms | model calls | also |");
    const results = JSON.parse(await readFile(out, "utf8")) as ResultsDocument;
    expect(results.version).toBe(1);
    expect(results.machine.cpus).toBeGreaterThan(0);
    // Run order, whatever order --only named them in: new-cells last.
    expect(results.scenarios.map((s) => s.name)).toEqual(["stampede", "new-cells"]);
    const [stampede, newCells] = results.scenarios;
    expect(newCells).toMatchObject({ requests: 20, errors: 0, model_calls: 100, model_calls_per_new_cell: 5, cells_miscounted: 0 });
    expect(typeof newCells!.overhead_p50_ms).toBe("number");
    expect(stampede).toMatchObject({ requests: 50, errors: 0, judgments: 1, model_calls_per_new_cell: 5, cells_miscounted: 0 });
    const chart = await readFile(join(outDir, "smoke.svg"), "utf8");
    expect(chart).toMatch(/^<svg /);
    expect(chart).toContain("stampede");
  });
});
