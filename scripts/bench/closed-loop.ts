import { createRequire } from "node:module";
import type { LoadResult } from "./open-loop.ts";
import type { Sample } from "./stats.ts";

/**
 * Closed-loop load with autocannon: a fixed number of connections, each sending its next request as
 * soon as the previous one answered. That finds the most a route can serve (the ceiling); its latencies
 * hide queueing by design, which is why the rate scenarios use the open loop instead.
 */

/** The part of autocannon's (untyped, CommonJS) API the bench uses. */
interface AutocannonInstance {
  on(event: "response", listener: (client: unknown, status: number, bytes: number, responseTimeMs: number) => void): void;
  on(event: "reqError", listener: (error: Error) => void): void;
  on(event: "done", listener: (result: { errors: number; timeouts: number }) => void): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export interface ClosedLoopOptions {
  url: string;
  connections: number;
  durationS: number;
  timeoutS?: number;
}

/**
 * Hammers `url` with GETs for `durationS` and records every reply as a sample (autocannon's own
 * histogram has no p95, so the percentiles come from the same code as every other scenario).
 *
 * @example
 * const { samples, startedAt } = await runClosedLoop({ url: `${api}/health`, connections: 10, durationS: 30 });
 */
export function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const timeoutS = options.timeoutS ?? 10;
  const samples: Sample[] = [];
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const instance = autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.durationS,
      timeout: timeoutS,
    });
    instance.on("response", (_client, status, _bytes, responseTimeMs) => {
      samples.push({ latencyMs: responseTimeMs, status, endedAt: performance.now() });
    });
    instance.on("reqError", () => {
      // autocannon gives no time for a failed request; count it as the full timeout (the pessimistic choice).
      samples.push({ latencyMs: timeoutS * 1000, status: 0, endedAt: performance.now() });
    });
    instance.on("done", () => resolve({ startedAt, samples, maxSendLagMs: 0 }));
  });
}
