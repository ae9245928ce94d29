import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStack, type Stack, type StackOptions } from "../../../scripts/stack/index.ts";
import { freePort } from "../../../scripts/stack/ports.ts";

export interface TestStack extends Stack {
  /** POSTs a judgment with the given key and returns its JSON body. */
  judge(body: Record<string, unknown>, key?: string): Promise<ApiJudgment>;
  /** GETs a path of the API with the given key and returns its JSON body. */
  get<T>(path: string, key?: string): Promise<T>;
}

/** The judgment fields the browser tests compare with what the pages show. */
export interface ApiJudgment {
  cell_id: string;
  status: string;
  q_score: number;
  verdict: string;
  confidence: number;
  axioms: Record<string, number>;
  dimensions: Record<string, { score: number | null }>;
}

/** `wrangler dev` with the local libSQL server on free ports and a fresh data directory (the demo test's stack). */
export async function startTestStack(vars: StackOptions["vars"] = {}): Promise<TestStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "judgment-browser-"));
  const stack = await startStack({ port: await freePort(), libsqlPort: await freePort(), dataDir, vars, logLevel: "warn", stdio: "ignore" });
  const headers = (key?: string) => ({ "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) });
  const json = async <T>(reply: Response) => {
    const text = await reply.text();
    if (!reply.ok) throw new Error(`${reply.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    ...stack,
    judge: async (body, key) => json<ApiJudgment>(await fetch(`${stack.apiUrl}/v1/judgments`, { method: "POST", headers: headers(key), body: JSON.stringify(body) })),
    get: async <T>(path: string, key?: string) => json<T>(await fetch(`${stack.apiUrl}${path}`, { headers: headers(key) })),
    stop: async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
