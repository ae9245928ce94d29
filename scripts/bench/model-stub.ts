import { fileURLToPath } from "node:url";
import { startChildScript } from "./child-script.ts";
import type { CallCountReply, CallCountRequest } from "./stub-process.ts";

const STUB_SCRIPT = fileURLToPath(new URL("./stub-process.ts", import.meta.url));

/** What the bench reads from the stub: every model call, and per content marker. */
export interface CallCounts {
  total: number;
  failed: number;
  byMarker: Record<string, number>;
}

export interface ModelStub {
  /** Base URL; the OpenAI-compatible API is under `${url}/v1`. */
  url: string;
  pid: number;
  calls(): Promise<CallCounts>;
  /** Resolves once no call has arrived for `quietMs` (in-flight judgments have finished), or after `maxMs`. */
  settle(quietMs?: number, maxMs?: number): Promise<CallCounts>;
  stop(): Promise<void>;
}

/**
 * Starts the OpenAI-compatible model stub in its own process.
 *
 * @example
 * const stub = await startModelStub(100);
 * // JUDGE_PROVIDER=openai JUDGE_BASE_URL=${stub.url}/v1 JUDGE_MODEL=fake
 * (await stub.calls()).total; // 0
 * await stub.stop();
 */
export async function startModelStub(latencyMs: number): Promise<ModelStub> {
  const started = await startChildScript(STUB_SCRIPT, { STUB_LATENCY_MS: String(latencyMs) }, /listening on (\S+)/);
  const { child } = started;
  const waiting = new Map<number, (reply: CallCountReply) => void>();
  let nextId = 1;
  child.on("message", (reply: CallCountReply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const ask = (markers: boolean) =>
    new Promise<CallCounts>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, ({ total, failed, byMarker }) => resolve({ total, failed, byMarker }));
      const request: CallCountRequest = { type: "calls", id, markers };
      child.send(request, (error) => {
        if (error) reject(error);
      });
    });
  const settle = async (quietMs = 1_000, maxMs = 60_000) => {
    const deadline = Date.now() + maxMs;
    let last = await ask(false);
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = await ask(false);
      if (now.total !== last.total) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietMs) break;
      last = now;
    }
    return ask(true);
  };
  return { url: started.ready, pid: child.pid!, calls: () => ask(true), settle, stop: started.stop };
}
