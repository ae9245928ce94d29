import { createServer, request } from "node:http";
import { mkdtempSync } from "node:fs";
import { startLibsqlServer } from "./scripts/libsql/server.ts";
import { migrateDatabase } from "./scripts/migrate.ts";
import { startFakeModelServer } from "./scripts/fake-model/server.ts";
import { startStack } from "./scripts/stack/index.ts";
import { freePort } from "./scripts/stack/ports.ts";

const dir = mkdtempSync("/tmp/meas/d-");
const libsql = await startLibsqlServer({ dataDir: dir + "/libsql", port: 0 });
await migrateDatabase(libsql.url);
let pipelines = 0;
const proxy = createServer((req, res) => {
  if (req.url?.includes("pipeline")) pipelines++;
  const up = request(libsql.url + req.url, { method: req.method, headers: req.headers }, (r) => { res.writeHead(r.statusCode!, r.headers); r.pipe(res); });
  req.pipe(up);
});
await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as any).port}`;
const fake = await startFakeModelServer({ latencyMs: 100 });
const results: Record<string, unknown> = {};
for (const batch of ["axiom", "all", "dimension"]) {
  const stack = await startStack({ port: await freePort(), libsqlPort: await freePort(), dataDir: dir + "/" + batch, vars: { LIBSQL_URL: proxyUrl, JUDGE_PROVIDER: "openai", JUDGE_BASE_URL: fake.url + "/v1", JUDGE_MODEL: "fake", JUDGE_BATCH: batch } as any, logLevel: "warn", stdio: "ignore" });
  const post = async (content: string) => { const t = performance.now(); const r = await fetch(stack.apiUrl + "/v1/judgments", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content }) }); const j: any = await r.json(); return { ms: performance.now() - t, j, status: r.status }; };
  await post("warmup " + batch); await new Promise(r => setTimeout(r, 500));
  const fresh: number[] = [], cached: number[] = [], gets: number[] = [];
  pipelines = 0;
  for (let i = 0; i < 20; i++) { const r = await post(`new ${batch} ${i}`); if (r.status !== 200) console.log(r.status, r.j); fresh.push(r.ms); }
  await new Promise(r => setTimeout(r, 1000));
  const perJudgment = pipelines / 20;
  pipelines = 0;
  for (let i = 0; i < 20; i++) cached.push((await post(`new ${batch} ${i}`)).ms);
  for (let i = 0; i < 20; i++) { const t = performance.now(); const r = await fetch(stack.apiUrl + "/v1/judgments/" + (await post(`new ${batch} ${i}`)).j.cell_id); await r.arrayBuffer(); gets.push(performance.now() - t); }
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!.toFixed(1);
  results[batch] = { new_p50_ms: med(fresh), cached_post_p50_ms: med(cached), get_p50_ms: med(gets), libsql_pipelines_per_judgment: perJudgment, libsql_pipelines_cached: pipelines };
  await stack.stop();
}
console.log(JSON.stringify(results, null, 1));
await fake.close(); proxy.close(); await libsql.close(); process.exit(0);
