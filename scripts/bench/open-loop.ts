import type { Sample } from "./stats.ts";

/**
 * Open-loop load: requests leave on a fixed schedule whether or not earlier ones have answered, and
 * each latency is measured from the moment its request was *due*. A server that falls behind therefore
 * shows its queueing in the latencies instead of quietly slowing the generator down (the "coordinated
 * omission" a closed loop suffers from).
 */

/** Sends request number `index` and resolves to its HTTP status (0 for no reply); never rejects. */
export type SendFn = (index: number) => Promise<number>;

/** Time as the generator sees it; injected in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LoadResult {
  /** Clock time of the first due request; latencies and `endedAt` are in the same clock. */
  startedAt: number;
  samples: Sample[];
  /** How late the generator itself sent its most late request (ms): a busy client shows here. */
  maxSendLagMs: number;
}

export interface OpenLoopOptions {
  ratePerS: number;
  durationS: number;
  send: SendFn;
  clock?: Clock;
}

/** Starts request `index`, due at `dueAt`, and records its sample when it ends. */
function fire(send: SendFn, index: number, dueAt: number, clock: Clock, samples: Sample[]): Promise<void> {
  return send(index)
    .catch(() => 0)
    .then((status) => {
      const endedAt = clock.now();
      samples.push({ latencyMs: endedAt - dueAt, status, endedAt });
    });
}

/**
 * Sends `ratePerS × durationS` requests evenly spaced, then waits for every reply.
 *
 * @example
 * const { samples, startedAt } = await runOpenLoop({ ratePerS: 150, durationS: 30, send: (i) => post(i) });
 * summarize(samples, startedAt);
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const clock = options.clock ?? realClock;
  const total = Math.round(options.ratePerS * options.durationS);
  const intervalMs = 1000 / options.ratePerS;
  const samples: Sample[] = [];
  const inFlight: Promise<void>[] = [];
  const startedAt = clock.now();
  let maxSendLagMs = 0;
  for (let index = 0; index < total; ) {
    const dueAt = startedAt + index * intervalMs;
    const now = clock.now();
    if (dueAt > now) {
      await clock.sleep(dueAt - now);
      continue;
    }
    // Everything already due goes out now, each still timed from its own due moment.
    maxSendLagMs = Math.max(maxSendLagMs, now - dueAt);
    inFlight.push(fire(options.send, index, dueAt, clock, samples));
    index += 1;
  }
  await Promise.all(inFlight);
  return { startedAt, samples, maxSendLagMs };
}

/**
 * Sends `count` requests at once (all due at the same moment) and waits for every reply: the stampede.
 *
 * @example
 * const { samples } = await runBurst({ count: 1000, send: () => postSameCell() });
 */
export async function runBurst(options: { count: number; send: SendFn; clock?: Clock }): Promise<LoadResult> {
  const clock = options.clock ?? realClock;
  const samples: Sample[] = [];
  const startedAt = clock.now();
  const inFlight = Array.from({ length: options.count }, (_, index) => fire(options.send, index, startedAt, clock, samples));
  // The last request left once the loop above had handed every one to the client.
  const maxSendLagMs = clock.now() - startedAt;
  await Promise.all(inFlight);
  return { startedAt, samples, maxSendLagMs };
}
